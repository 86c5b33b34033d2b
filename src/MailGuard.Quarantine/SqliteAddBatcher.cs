using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace MailGuard.Quarantine;

/// <summary>
/// Group commit for quarantine adds: concurrent inspections queue their items, and whoever holds the gate writes the
/// queued ones (up to <c>maxItems</c> and <c>maxBytes</c> of message) in one transaction with one fsync. Each item runs
/// under its own savepoint, so one that fails is rolled back alone and only its caller sees the error; a commit that
/// fails fails every caller of the batch. A caller returns only once the transaction holding its item has committed.
/// </summary>
internal sealed class SqliteAddBatcher(Func<SqliteConnection> open, int maxItems, long maxBytes)
{
    private readonly ConcurrentQueue<PendingAdd> _queue = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Queues <paramref name="add"/> and waits until a committed batch holds it (true) or found it stored (false).</summary>
    public async Task<bool> AddAsync(PendingAdd add)
    {
        _queue.Enqueue(add);
        while (!add.Done.Task.IsCompleted)
        {
            // Not cancellable: the holder only writes and commits, and a cancelled add is skipped when its turn comes.
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!add.Done.Task.IsCompleted)
                {
                    await RunBatchAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        return await add.Done.Task.ConfigureAwait(false);
    }

    private async Task RunBatchAsync()
    {
        var batch = Take();
        var written = new List<(PendingAdd Add, bool Inserted)>(batch.Count);
        try
        {
            using var connection = open();
            using var tx = connection.BeginTransaction();
            foreach (var add in batch)
            {
                if (add.CancellationToken.IsCancellationRequested)
                {
                    add.Done.TrySetCanceled(add.CancellationToken);
                    continue;
                }
                tx.Save("item");
                try
                {
                    var inserted = await add.Write(connection, tx).ConfigureAwait(false);
                    tx.Release("item");
                    written.Add((add, inserted));
                }
                catch (Exception e)
                {
                    tx.Rollback("item");
                    tx.Release("item");
                    add.Done.TrySetException(e);
                }
            }
            tx.Commit();
        }
        catch (Exception e)
        {
            foreach (var add in batch)
            {
                add.Done.TrySetException(e);
            }
            return;
        }
        foreach (var (add, inserted) in written)
        {
            add.Done.TrySetResult(inserted);
        }
    }

    /// <summary>The queue's head up to the bounds; always at least one item, however large.</summary>
    private List<PendingAdd> Take()
    {
        var batch = new List<PendingAdd>();
        long bytes = 0;
        // Only the gate's holder dequeues, so the item peeked is the item taken.
        while (batch.Count < maxItems && _queue.TryPeek(out var next) && (batch.Count == 0 || bytes + next.Length <= maxBytes))
        {
            _queue.TryDequeue(out _);
            batch.Add(next);
            bytes += next.Length;
        }
        return batch;
    }
}

/// <summary>One add waiting for its batch: the bytes it will write, how to write its rows, and its caller's wait.</summary>
internal sealed class PendingAdd(long length, Func<SqliteConnection, SqliteTransaction, Task<bool>> write, CancellationToken cancellationToken)
{
    public long Length { get; } = length;

    public Func<SqliteConnection, SqliteTransaction, Task<bool>> Write { get; } = write;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    // Continuations run off the holder's thread, so a released caller never delays the next batch.
    public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
