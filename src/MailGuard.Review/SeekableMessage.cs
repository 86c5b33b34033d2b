namespace MailGuard.Review;

/// <summary>
/// A held message as a seekable stream, so that MimeKit parses it persistently: parts stay where they are and are read
/// when asked for, instead of each becoming a copy in memory. The store's stream when it seeks (SQLite's blob);
/// otherwise (PostgreSQL's chunks) a temporary file deleted on close, holding what the store already holds.
/// </summary>
internal static class SeekableMessage
{
    public static async Task<Stream?> OpenAsync(Func<string, CancellationToken, Task<Stream?>> open, string id, CancellationToken cancellationToken)
    {
        var stream = await open(id, cancellationToken);
        if (stream is null || stream.CanSeek)
        {
            return stream;
        }
        await using (stream)
        {
            var file = new FileStream(
                Path.Combine(Path.GetTempPath(), "mailguard-review-" + Guid.NewGuid().ToString("N") + ".tmp"),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            try
            {
                await stream.CopyToAsync(file, cancellationToken);
                file.Position = 0;
                return file;
            }
            catch
            {
                await file.DisposeAsync();
                throw;
            }
        }
    }
}
