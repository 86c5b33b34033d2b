using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace MailGuard.Bench;

/// <summary>
/// Warm-up to the state a running gateway is in. .NET compiles a method quickly first (tier 0), then with
/// instrumentation, then optimised (tier 1), each step after the method has run 30 times and the runtime has seen a
/// quiet 100 ms. Scan runs several thousand methods across MimeKit, PdfPig, OpenXml and libphonenumber, so it takes tens
/// of seconds (more on one busy core) before the code a gateway runs all day is the code being measured; MimeKit's
/// parser alone gets there within a second or two. A fixed, short warm-up therefore compares optimised parsing with
/// half-compiled scanning. This runs the operations until passes over the whole set stop compiling methods (the
/// runtime's own count of compiled methods stands nearly still for several passes in a row), or until a time limit.
/// </summary>
public static class SteadyState
{
    // A pass may still promote a handful of rarely called methods; those do not move the figure.
    private const long QuietMethods = 5;
    private const int QuietPasses = 3;
    // A method that runs once per pass (one message's rare path) reaches tier 1 after 30 calls and the runtime's
    // quiet delay: so much is not settled before this many passes, whatever the count says.
    private const int MinimumPasses = 40;

    private static readonly HashSet<string> Reached = [];

    /// <summary>
    /// Runs <paramref name="operations"/> in turn, at least <see cref="MinimumPasses"/> times and until
    /// <see cref="QuietPasses"/> passes in a row compile at most <see cref="QuietMethods"/> methods, or until
    /// <paramref name="limit"/> has passed; once per <paramref name="key"/> and process.
    /// Writes one line saying how long it took, so a figure can be read together with its warm-up.
    /// </summary>
    public static void Reach(string key, IReadOnlyList<Func<int>> operations, TimeSpan limit)
    {
        lock (Reached)
        {
            if (!Reached.Add(key))
            {
                return;
            }
        }
        var watch = Stopwatch.StartNew();
        var passes = 0;
        var quiet = 0;
        var lastGrowth = 0L;
        while ((quiet < QuietPasses || passes < MinimumPasses) && watch.Elapsed < limit)
        {
            var before = JitInfo.GetCompiledMethodCount();
            foreach (var operation in operations)
            {
                operation();
            }
            lastGrowth = JitInfo.GetCompiledMethodCount() - before;
            quiet = lastGrowth <= QuietMethods ? quiet + 1 : 0;
            passes++;
        }
        var outcome = quiet < QuietPasses ? "stopped at the time limit before the JIT settled" : "settled";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// warm-up {key}: {passes} passes, {watch.Elapsed.TotalSeconds:0} s, {JitInfo.GetCompiledMethodCount()} methods compiled, last pass +{lastGrowth}: {outcome}"));
    }
}
