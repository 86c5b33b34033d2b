using BenchmarkDotNet.Attributes;

namespace MailGuard.Bench;

/// <summary>
/// The whole Scan stage (<see cref="MailGuard.Scan.MessageScanner"/>: extract, detect, resolve parties, decide), its
/// two halves, and MimeKit parse-only over the same messages. One operation is one message, so Mean is time per
/// message; the ratio column is what each costs relative to parsing (the aim for Scan is 3x or less on the mix).
/// </summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    private ScanSetup? _setup;

    /// <summary><c>mix</c>: generate_load.py's realistic mix; <c>dev</c>: the labelled dev corpus; <c>large</c>: 100 KB text.</summary>
    [Params("mix", "dev", "large")]
    public string Set { get; set; } = "mix";

    /// <summary>The set, warmed to steady state before the first benchmark measures it (BenchmarkDotNet's own two
    /// warm-up iterations are far too short for tiered compilation to reach the Scan stage's optimised code).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _setup = new ScanSetup(LoadMessages.Set(Set));
        _setup.WarmUp(Set);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LoadMessages.Count)]
    public int MimeKitParseOnly() => _setup!.ParseOnly();

    [Benchmark(OperationsPerInvoke = LoadMessages.Count)]
    public int ExtractOnly() => _setup!.Extract();

    /// <summary>Detection alone, on messages extracted beforehand: the share of the stage that is Detect's.</summary>
    [Benchmark(OperationsPerInvoke = LoadMessages.Count)]
    public int DetectOnly() => _setup!.Detect();

    [Benchmark(OperationsPerInvoke = LoadMessages.Count)]
    public int Scan() => _setup!.Scan();
}
