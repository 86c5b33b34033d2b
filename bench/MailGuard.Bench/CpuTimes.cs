using System.Diagnostics;
using System.Globalization;

namespace MailGuard.Bench;

/// <summary>
/// <c>--cpu [rounds [set [operation]]]</c>: process CPU time per message of each operation, pinned to one core, median/min/max over
/// rounds after warm-up. CPU time is steadier than wall-clock on a machine others share: waiting for the core is
/// not counted, so it answers "how much of one core does a message cost".
/// </summary>
public static class CpuTimes
{
    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        // Optional filters (for a profiler run): a set name and an operation name.
        var onlySet = args.Length > 2 ? args[2] : null;
        var onlyOperation = args.Length > 3 ? args[3] : null;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            // One core: the figure is per core, and the GC cannot borrow the second one.
            using var self = Process.GetCurrentProcess();
            self.ProcessorAffinity = 1;
        }
        Console.WriteLine($"// load average {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var set in onlySet is null ? ["mix", "dev", "large"] : new[] { onlySet })
        {
            var setup = new ScanSetup(LoadMessages.Set(set));
            var megabytes = setup.TotalBytes / 1_048_576.0;
            var count = setup.Messages.Count;
            Console.WriteLine($"set {set}: {count} messages, {megabytes:0.0} MB, {rounds} rounds");
            Console.WriteLine($"  {"operation",-10} {"ms/msg median",14} {"min",8} {"max",8} {"msg/s",8} {"MB/s",8} {"x parse",8} {"GC %",6} {"KB/msg",8} {"GCs/1k msg (0/1/2)",20} {"promoted KB (last GC)",22}");
            setup.WarmUp(set);
            double? parse = null;
            foreach (var (name, op) in new (string, Func<int>)[]
                     { ("parse", setup.ParseOnly), ("extract", setup.Extract), ("detect", setup.Detect), ("scan", setup.Scan) })
            {
                if (onlyOperation is not null && name != onlyOperation && name != "parse")
                {
                    continue;
                }
                var perMessage = new List<double>();
                var pauses = TimeSpan.Zero;
                var cpu = TimeSpan.Zero;
                var allocated = 0L;
                // Collections by generation: a pause share that rises while allocation falls means more survives each one.
                var gen0 = GC.CollectionCount(0);
                var gen1 = GC.CollectionCount(1);
                var gen2 = GC.CollectionCount(2);
                for (var i = 0; i < rounds; i++)
                {
                    var pauseBefore = GC.GetTotalPauseDuration();
                    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    op();
                    var spent = Process.GetCurrentProcess().TotalProcessorTime - before;
                    allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                    pauses += GC.GetTotalPauseDuration() - pauseBefore;
                    cpu += spent;
                    perMessage.Add(spent.TotalMilliseconds / count);
                }
                perMessage.Sort();
                var median = perMessage[perMessage.Count / 2];
                parse ??= median;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-10} {median,14:0.000} {perMessage[0],8:0.000} {perMessage[^1],8:0.000} {1000 / median,8:0} {megabytes / count * 1000 / median,8:0.0} {median / parse.Value,8:0.0} {100 * pauses / cpu,6:0} {allocated / 1024.0 / rounds / count,8:0} {PerThousand(GC.CollectionCount(0) - gen0, rounds * count),6:0.0}/{PerThousand(GC.CollectionCount(1) - gen1, rounds * count):0.0}/{PerThousand(GC.CollectionCount(2) - gen2, rounds * count):0.0} {GC.GetGCMemoryInfo(GCKind.Ephemeral).PromotedBytes / 1024.0,22:0}"));
            }
        }
        Console.WriteLine($"// load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    private static double PerThousand(int collections, int messages) => 1000.0 * collections / messages;
}
