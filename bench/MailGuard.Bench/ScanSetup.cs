using MailGuard.Core;
using MailGuard.Scan;
using MailGuard.Scan.Decide;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailGuard.Bench;

/// <summary>
/// The Scan stage as the relay builds it (default limits, the dev corpus's internal domains), and the operations
/// every benchmark compares: parse-only, extract, detect, the whole scan. Each returns a count so nothing is optimised away.
/// </summary>
public sealed class ScanSetup
{
    public ScanSetup(IReadOnlyList<byte[]> messages)
    {
        EncodingSupport.EnsureRegistered();
        Messages = messages;
        var organization = new OrganizationOptions { InternalDomains = ["sakura-trading.example", "sakura-trading.example.jp"] };
        var detect = new DetectOptions
        {
            PhoneRegions = [.. DetectOptions.DefaultPhoneRegions],
            RoleMailboxes = [.. DetectOptions.DefaultRoleMailboxes],
        };
        Extractor = new MessageExtractor();
        Detector = new PersonalDataDetector(Options.Create(detect), Options.Create(organization));
        Scanner = new MessageScanner(Extractor, Detector, new DefaultPolicy(), Options.Create(organization), NullLogger<MessageScanner>.Instance);
        Extracted = [.. messages.Select(m =>
        {
            var extraction = Extractor.Extract(new MemoryStream(m, writable: false), CancellationToken.None);
            var h = extraction.Headers;
            var parties = new MessageParties(h.From.FirstOrDefault()?.Address ?? "", [.. h.To.Concat(h.Cc).Select(x => x.Address ?? "")], [.. h.All]);
            return (extraction, parties);
        })];
        // The name dictionary and libphonenumber's metadata load once per process, not per message.
        Scan();
    }

    public IReadOnlyList<byte[]> Messages { get; }

    public MessageExtractor Extractor { get; }

    public PersonalDataDetector Detector { get; }

    public MessageScanner Scanner { get; }

    public IReadOnlyList<(ExtractionResult Extraction, MessageParties Parties)> Extracted { get; }

    public long TotalBytes => Messages.Sum(m => (long)m.Length);

    /// <summary>
    /// Brings every operation to the steady state of a running gateway (see <see cref="SteadyState"/>), once per
    /// <paramref name="set"/> and process; every figure taken after it compares optimised code with optimised code.
    /// </summary>
    public void WarmUp(string set) => SteadyState.Reach(set, [ParseOnly, Extract, Detect, Scan], TimeSpan.FromMinutes(4));

    /// <summary>MimeKit's persistent parse: no part decoded. The floor any scan stands on.</summary>
    public int ParseOnly()
    {
        var parts = 0;
        foreach (var message in Messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            parts += new MimeParser(stream, persistent: true).ParseMessage().BodyParts.Count();
        }
        return parts;
    }

    public int Extract()
    {
        var segments = 0;
        foreach (var message in Messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            segments += Extractor.Extract(stream, CancellationToken.None).Segments.Count;
        }
        return segments;
    }

    public int Detect()
    {
        var findings = 0;
        foreach (var (extraction, parties) in Extracted)
        {
            findings += Detector.Detect(extraction, parties).Count;
        }
        return findings;
    }

    public int Scan()
    {
        var flagged = 0;
        foreach (var message in Messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            flagged += Scanner.ScanAsync(stream, null, CancellationToken.None).GetAwaiter().GetResult().Verdict.IsFlagged ? 1 : 0;
        }
        return flagged;
    }
}
