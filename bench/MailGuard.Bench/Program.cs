using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "--cpu")
{
    return MailGuard.Bench.CpuTimes.Run(args);
}
if (args.Length > 0 && args[0] is "--memory" or "--memory-write")
{
    return MailGuard.Bench.MemoryCheck.Run(args);
}
if (args.Length > 0 && args[0] == "--shapes")
{
    return MailGuard.Bench.ShapeTimes.Run(args);
}
if (args.Length > 0 && args[0] == "--findings")
{
    return MailGuard.Bench.FindingsDump.Run(args);
}
// With no arguments every benchmark runs; otherwise BenchmarkDotNet's switches apply (--filter, --list flat, ...).
BenchmarkSwitcher.FromAssembly(typeof(MailGuard.Bench.LoadMessages).Assembly)
    .Run(args.Length == 0 ? ["--filter", "*"] : args, MailGuard.Bench.BenchConfig.Create());
return 0;
