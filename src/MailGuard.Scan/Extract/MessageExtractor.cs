using Microsoft.Extensions.Options;
using MimeKit;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Turns a message into text segments with locations and roles, streamed from its file: bodies, forwarded and
/// quoted threads, nested messages and attachment documents. Nothing it reads can make it throw or hang: what
/// cannot be read becomes an <see cref="ExtractionProblem"/>. Only the caller's cancellation escapes.
/// </summary>
public sealed class MessageExtractor
{
    private readonly ExtractOptions _options;
    private readonly TimeProvider _time;

    public MessageExtractor(IOptions<ExtractOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    /// <summary>An extractor with the given limits and the system clock (for tools and tests).</summary>
    public MessageExtractor(ExtractOptions? options = null)
        : this(Options.Create(options ?? new ExtractOptions()), TimeProvider.System)
    {
    }

    /// <summary>Extracts the message stored at <paramref name="path"/>.</summary>
    public ExtractionResult Extract(string path, CancellationToken ct)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        return Extract(file, ct);
    }

    /// <summary>
    /// Extracts <paramref name="message"/>. A seekable stream is parsed persistently (attachments stay in the
    /// stream until read); any other is first copied to a temporary file. The stream must stay open meanwhile.
    /// </summary>
    public ExtractionResult Extract(Stream message, CancellationToken ct)
    {
        EncodingSupport.EnsureRegistered();
        if (!message.CanSeek)
        {
            using var spooled = ContentSpill.CreateTemporaryFile();
            message.CopyTo(spooled);
            spooled.Position = 0;
            return Extract(spooled, ct);
        }
        using var session = new ExtractionSession(_options, _time, ct);
        MimeMessage? parsed = null;
        session.Run("message", "the message", () =>
        {
            var parser = new MimeParser(ParserOptionsFor(_options), message, persistent: true);
            parsed = parser.ParseMessage(session.Token);
        });
        var headers = HeaderBlock.Empty;
        if (parsed is not null)
        {
            headers = new MimeWalker(session).WalkMessage(parsed, string.Empty, 0);
        }
        return new ExtractionResult(headers, [.. session.Segments], [.. session.Problems]);
    }

    internal static ParserOptions ParserOptionsFor(ExtractOptions options)
    {
        var parserOptions = ParserOptions.Default.Clone();
        // Let MimeKit go one level deeper than we read, so reaching our own limit is what reports it.
        parserOptions.MaxMimeDepth = options.MaxMimeDepth + 1;
        return parserOptions;
    }
}
