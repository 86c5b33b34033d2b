using BenchmarkDotNet.Attributes;
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
/// The whole Scan stage (<see cref="MessageScanner"/>: extract, detect, resolve parties, decide) against MimeKit
/// parse-only over the same load messages. One operation is one message, so Mean is time per message; the ratio
/// column is what scanning costs relative to parsing (the aim is 3x or less).
/// </summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    private IReadOnlyList<byte[]> _messages = [];
    private MessageScanner? _scanner;
    private PersonalDataDetector? _detector;
    private List<(ExtractionResult Extraction, MessageParties Parties)> _extracted = [];

    [GlobalSetup]
    public void Setup()
    {
        EncodingSupport.EnsureRegistered();
        _messages = LoadMessages.All;
        var organization = new OrganizationOptions { InternalDomains = ["sakura-trading.example", "sakura-trading.example.jp"] };
        var detect = new DetectOptions
        {
            PhoneRegions = [.. DetectOptions.DefaultPhoneRegions],
            RoleMailboxes = [.. DetectOptions.DefaultRoleMailboxes],
        };
        _detector = new PersonalDataDetector(Options.Create(detect), Options.Create(organization));
        var extractor = new MessageExtractor();
        _extracted = [.. _messages.Select(m =>
        {
            var extraction = extractor.Extract(new MemoryStream(m, writable: false), CancellationToken.None);
            var h = extraction.Headers;
            var parties = new MessageParties(h.From.FirstOrDefault()?.Address ?? "", [.. h.To.Concat(h.Cc).Select(x => x.Address ?? "")], [.. h.All]);
            return (extraction, parties);
        })];
        _scanner = new MessageScanner(
            extractor,
            _detector,
            new DefaultPolicy(),
            Options.Create(organization),
            NullLogger<MessageScanner>.Instance);
        // The name dictionary and libphonenumber's metadata load once per process, not per message.
        using var first = new MemoryStream(_messages[0], writable: false);
        _scanner.ScanAsync(first, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LoadMessages.Count)]
    public int MimeKitParseOnly()
    {
        var parts = 0;
        foreach (var message in _messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            parts += new MimeParser(stream, persistent: true).ParseMessage().BodyParts.Count();
        }
        return parts;
    }

    /// <summary>Detection alone, on messages extracted beforehand: the share of the stage that is Detect's.</summary>
    [Benchmark(OperationsPerInvoke = LoadMessages.Count)]
    public int DetectOnly()
    {
        var findings = 0;
        foreach (var (extraction, parties) in _extracted)
        {
            findings += _detector!.Detect(extraction, parties).Count;
        }
        return findings;
    }

    [Benchmark(OperationsPerInvoke = LoadMessages.Count)]
    public int Scan()
    {
        var flagged = 0;
        foreach (var message in _messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            flagged += _scanner!.ScanAsync(stream, null, CancellationToken.None).GetAwaiter().GetResult().Verdict.IsFlagged ? 1 : 0;
        }
        return flagged;
    }
}
