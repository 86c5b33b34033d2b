using BenchmarkDotNet.Attributes;
using MailGuard.Scan.Extract;
using MimeKit;

namespace MailGuard.Bench;

/// <summary>
/// Extraction against MimeKit parse-only over the same load messages. One operation is one message
/// (OperationsPerInvoke), so Mean is time per message and Allocated is bytes per message.
/// </summary>
[MemoryDiagnoser]
public class ExtractBenchmarks
{
    private IReadOnlyList<byte[]> _messages = [];
    private MessageExtractor _extractor = new();

    [GlobalSetup]
    public void Setup()
    {
        EncodingSupport.EnsureRegistered();
        _messages = LoadMessages.All;
        _extractor = new MessageExtractor();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LoadMessages.Count)]
    public int MimeKitParseOnly()
    {
        var parts = 0;
        foreach (var message in _messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            var parsed = new MimeParser(stream, persistent: true).ParseMessage();
            parts += parsed.BodyParts.Count();
        }
        return parts;
    }

    [Benchmark(OperationsPerInvoke = LoadMessages.Count)]
    public int Extract()
    {
        var segments = 0;
        foreach (var message in _messages)
        {
            using var stream = new MemoryStream(message, writable: false);
            segments += _extractor.Extract(stream, CancellationToken.None).Segments.Count;
        }
        return segments;
    }
}
