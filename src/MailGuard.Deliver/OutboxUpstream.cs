using MailGuard.Spool;

namespace MailGuard.Deliver;

/// <summary>
/// The upstream when no server is configured: each message becomes <c>outbox/&lt;queue id&gt;.eml</c>,
/// the spooled bytes unchanged, made durable (fsync, rename, directory fsync) before it counts as delivered.
/// </summary>
internal sealed class OutboxUpstream(string directory) : IUpstream
{
    public async Task<IReadOnlyList<RecipientResult>> SendAsync(SpoolEntry entry, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var id = entry.Envelope.Id.Value;
            var temp = Path.Combine(directory, $".{id}.{Guid.NewGuid():N}.tmp");
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            await using (var message = entry.OpenMessage())
            {
                await message.CopyToAsync(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, Path.Combine(directory, id + ".eml"), overwrite: true);
            DirectorySync.Fsync(directory);
            return [.. recipients.Select(r => new RecipientResult(r, RecipientStatus.Delivered, 250, "2.0.0", "250 2.0.0 written to the outbox"))];
        }
        catch (IOException e)
        {
            return [.. recipients.Select(r => FailureClassifier.FromException(r, e))];
        }
    }

    public Task ReleaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
