using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using MailGuard.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Spool;

/// <summary>
/// The queue directories under the spool root (<c>incoming</c>, <c>active</c>, <c>deferred</c>, <c>hold</c>,
/// <c>corrupt</c>, plus <c>tmp</c> for writes in progress and <c>state</c> for delivery state).
/// A message is written to <c>tmp</c>, fsynced, renamed into its queue and the queue directory is fsynced
/// before any write returns; it moves between queues by rename, so a file is in exactly one queue.
/// </summary>
public sealed partial class SpoolStore : ISpoolWriter, IDeliveryQueue
{
    private readonly Dictionary<SpoolQueue, DirectorySync> _queues = [];
    private readonly DirectorySync _tmp;
    private readonly DirectorySync _state;
    private readonly Channel<SpoolId> _incoming = Channel.CreateUnbounded<SpoolId>();
    private readonly Channel<SpoolId> _active = Channel.CreateUnbounded<SpoolId>();
    private readonly ILogger<SpoolStore> _logger;

    /// <summary>
    /// Files this process wrote or checked and then renamed into <c>incoming</c> or <c>active</c>, until the next
    /// <see cref="TryOpen"/> there takes them: the reader after the writer (inspection after Receive, delivery after
    /// inspection) gets the facts without reading and hashing the whole file once more. After a restart nothing is
    /// known and every file is read and checked, as before.
    /// </summary>
    private readonly ConcurrentDictionary<(SpoolQueue Queue, SpoolId Id), SpoolEntryInfo> _checked = new();

    public SpoolStore(IOptions<SpoolOptions> options, IOptions<DataOptions> data, ILogger<SpoolStore> logger)
    {
        _logger = logger;
        Root = Path.GetFullPath(options.Value.Directory.Length > 0
            ? options.Value.Directory
            : Path.Combine(data.Value.DataDirectory, "spool"));
        foreach (var queue in Enum.GetValues<SpoolQueue>())
        {
            _queues[queue] = new DirectorySync(Path.Combine(Root, queue.ToString().ToLowerInvariant()));
        }
        _tmp = new DirectorySync(Path.Combine(Root, "tmp"));
        _state = new DirectorySync(Path.Combine(Root, "state"));
        foreach (var dir in _queues.Values.Append(_tmp).Append(_state))
        {
            Directory.CreateDirectory(dir.Path);
        }
    }

    /// <summary>The spool root directory.</summary>
    public string Root { get; }

    /// <summary>Ids of messages that arrived in <c>incoming</c> (written, or found on recovery).</summary>
    public ChannelReader<SpoolId> Incoming => _incoming.Reader;

    /// <summary>Ids of messages that arrived in <c>active</c> and want a delivery attempt.</summary>
    public ChannelReader<SpoolId> Active => _active.Reader;

    /// <summary>Writes a whole message to <c>incoming</c> at once, for callers that hold it; Receive streams through <see cref="BeginAsync"/>.</summary>
    public async Task WriteAsync(Envelope envelope, ReadOnlyMemory<byte> traceHeader, ReadOnlySequence<byte> message, CancellationToken cancellationToken)
    {
        await WriteAsync(SpoolQueue.Incoming, envelope, [traceHeader], message, null, cancellationToken);
        LogSpooled(envelope.Id, envelope.Recipients.Count, traceHeader.Length + message.Length);
    }

    /// <inheritdoc />
    public Task EnqueueAsync(Envelope envelope, Stream message, CancellationToken cancellationToken) =>
        WriteAsync(SpoolQueue.Active, envelope, [], message, cancellationToken);

    /// <summary>Writes a message (prefix, then the stream's bytes) durably into a queue.</summary>
    public Task WriteAsync(SpoolQueue queue, Envelope envelope, IReadOnlyList<ReadOnlyMemory<byte>> prefix, Stream message, CancellationToken cancellationToken) =>
        WriteAsync(queue, envelope, prefix, ReadOnlySequence<byte>.Empty, message, cancellationToken);

    private async Task WriteAsync(SpoolQueue queue, Envelope envelope, IReadOnlyList<ReadOnlyMemory<byte>> prefix, ReadOnlySequence<byte> body, Stream? bodyStream, CancellationToken cancellationToken)
    {
        var temp = TempPathFor(envelope);
        try
        {
            await SpoolFile.WriteAsync(temp, envelope, prefix, body, bodyStream, cancellationToken);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        await CommitAsync(queue, envelope.Id, temp);
    }

    private string TempPathFor(Envelope envelope) =>
        SpoolId.IsWellFormed(envelope.Id.Value)
            ? Path.Combine(_tmp.Path, $"{envelope.Id}.{Guid.NewGuid():N}")
            : throw new ArgumentException("malformed queue id", nameof(envelope));

    /// <summary>Renames a finished, fsynced file from <c>tmp</c> into its queue and makes the rename durable.</summary>
    private async Task CommitAsync(SpoolQueue queue, SpoolId id, string temp, SpoolEntryInfo? known = null)
    {
        try
        {
            File.Move(temp, PathOf(queue, id), overwrite: false);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        await _queues[queue].SyncAsync();
        Remember(queue, id, known);
        Announce(queue, id);
    }

    /// <summary>Opens and checks a message; null when it is not (any more) in that queue.</summary>
    /// <exception cref="InvalidDataException">The file is torn or damaged.</exception>
    public SpoolEntry? TryOpen(SpoolQueue queue, SpoolId id)
    {
        var path = PathOf(queue, id);
        if (_checked.TryRemove((queue, id), out var known) && File.Exists(path))
        {
            return new SpoolEntry(queue, path, known);
        }
        try
        {
            return new SpoolEntry(queue, path, SpoolFile.Read(path, tolerateTornRecord: queue == SpoolQueue.Incoming));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records durably, in the file of a message in <c>incoming</c>, the headers and recipients its delivery adds;
    /// a move to <c>active</c> then applies them without copying the message.
    /// </summary>
    public Task AppendInspectionAsync(SpoolEntry entry, IReadOnlyList<string> headers, IReadOnlyList<string> extraRecipients, CancellationToken cancellationToken) =>
        entry.Queue != SpoolQueue.Incoming
            ? throw new InvalidOperationException("only a message in incoming/ is inspected")
            : SpoolFile.AppendInspectionAsync(PathOf(SpoolQueue.Incoming, entry.Envelope.Id), entry.MessageEnd,
                new InspectionRecord([.. headers], [.. extraRecipients]), cancellationToken);

    /// <summary>
    /// Hands an inspected message from <c>incoming</c> to <c>active</c>: what its delivery adds (headers, recipients)
    /// is recorded after the message and fsynced, then the file is renamed. False when it was no longer in incoming.
    /// </summary>
    public async Task<bool> PassAsync(SpoolEntry entry, IReadOnlyList<string> headers, IReadOnlyList<string> extraRecipients, CancellationToken cancellationToken)
    {
        if (entry.Queue != SpoolQueue.Incoming)
        {
            throw new InvalidOperationException("only a message in incoming/ is inspected");
        }
        InspectionRecord? record = null;
        if (headers.Count > 0 || extraRecipients.Count > 0)
        {
            record = new InspectionRecord([.. headers], [.. extraRecipients]);
            await SpoolFile.AppendInspectionAsync(PathOf(SpoolQueue.Incoming, entry.Envelope.Id), entry.MessageEnd, record, cancellationToken);
        }
        return await MoveAsync(entry.Envelope.Id, SpoolQueue.Incoming, SpoolQueue.Active, entry.Info with { Inspection = record, HasTail = record is not null });
    }

    /// <summary>Cuts off what an interrupted earlier inspection appended, so the message reads as received again.</summary>
    public void DropInspection(SpoolEntry entry)
    {
        if (entry.Queue == SpoolQueue.Incoming && entry.HasInspectionTail)
        {
            SpoolFile.DropInspection(PathOf(SpoolQueue.Incoming, entry.Envelope.Id), entry.MessageEnd);
        }
    }

    /// <summary>Moves a message to another queue (rename, then fsync of both directories). False when it was not there.</summary>
    public Task<bool> MoveAsync(SpoolId id, SpoolQueue from, SpoolQueue to) => MoveAsync(id, from, to, null);

    private async Task<bool> MoveAsync(SpoolId id, SpoolQueue from, SpoolQueue to, SpoolEntryInfo? known)
    {
        try
        {
            File.Move(PathOf(from, id), PathOf(to, id), overwrite: false);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        await Task.WhenAll(_queues[to].SyncAsync(), _queues[from].SyncAsync());
        Remember(to, id, known);
        Announce(to, id);
        return true;
    }

    /// <summary>Removes a message and its delivery state once it is delivered, bounced or taken by the inspector.</summary>
    public void Delete(SpoolId id, SpoolQueue from)
    {
        // No directory fsync: if a crash resurrects the file, recovery or a second delivery handles it (at least once).
        File.Delete(PathOf(from, id));
        File.Delete(StatePath(id));
    }

    /// <summary>The ids in a queue, oldest first.</summary>
    public IReadOnlyList<SpoolId> List(SpoolQueue queue) =>
        [.. Directory.EnumerateFiles(_queues[queue].Path)
            .Select(Path.GetFileName)
            .Where(SpoolId.IsWellFormed)
            .Order(StringComparer.Ordinal)
            .Select(name => new SpoolId(name!))];

    /// <summary>How many messages each queue holds.</summary>
    public IReadOnlyDictionary<SpoolQueue, int> Depths() =>
        _queues.ToDictionary(q => q.Key, q => Directory.EnumerateFiles(q.Value.Path).Count());

    /// <summary>The delivery state saved for a message, or null.</summary>
    public byte[]? ReadState(SpoolId id)
    {
        var path = StatePath(id);
        if (!File.Exists(path))
        {
            // Most messages are delivered at the first attempt and never get a state file: no exception for them.
            return null;
        }
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Replaces a message's delivery state durably (temp file, fsync, rename, directory fsync).</summary>
    public async Task WriteStateAsync(SpoolId id, ReadOnlyMemory<byte> state, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_tmp.Path, $"{id}.state.{Guid.NewGuid():N}");
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await file.WriteAsync(state, cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, StatePath(id), overwrite: true);
        await _state.SyncAsync();
    }

    /// <summary>The file a message has in a queue (for operators and tests).</summary>
    public string PathOf(SpoolQueue queue, SpoolId id) => Path.Combine(_queues[queue].Path, id.Value);

    private string StatePath(SpoolId id) => Path.Combine(_state.Path, id.Value + ".json");

    private void Remember(SpoolQueue queue, SpoolId id, SpoolEntryInfo? known)
    {
        if (known is not null && queue is SpoolQueue.Incoming or SpoolQueue.Active)
        {
            _checked[(queue, id)] = known;
        }
    }

    private void Announce(SpoolQueue queue, SpoolId id)
    {
        if (queue == SpoolQueue.Incoming)
        {
            _incoming.Writer.TryWrite(id);
        }
        else if (queue == SpoolQueue.Active)
        {
            _active.Writer.TryWrite(id);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "spool.accepted", Level = LogLevel.Debug,
        Message = "{QueueId} spooled: {Recipients} recipients, {Bytes} bytes")]
    private partial void LogSpooled(SpoolId queueId, int recipients, long bytes);
}
