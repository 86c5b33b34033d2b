using System.Diagnostics;

namespace MailGuard.Bench;

/// <summary>
/// The benchmark mail, held in memory so disks do not take part. <c>mix</c> is the realistic mix,
/// <c>../shared/corpus/generate_load.py OUTDIR 200</c>, generated once into <c>bench/.load</c> (or read from
/// <c>MAILGUARD_BENCH_MESSAGES</c>); <c>dev</c> is the labelled dev corpus (40 messages), taken five times so
/// both sets are 200 operations.
/// </summary>
public static class LoadMessages
{
    public const int Count = 200;

    private static readonly Lazy<IReadOnlyList<byte[]>> Mix = new(() => Read(Environment.GetEnvironmentVariable("MAILGUARD_BENCH_MESSAGES") ?? Generate()));

    private static readonly Lazy<IReadOnlyList<byte[]>> Dev = new(() =>
    {
        var once = Read(Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "corpus", "dev")));
        return [.. Enumerable.Range(0, (Count + once.Count - 1) / once.Count).SelectMany(_ => once).Take(Count)];
    });

    private static readonly Lazy<IReadOnlyList<byte[]>> Large = new(() => LargeMessages.Create(Count));

    private static readonly Lazy<IReadOnlyList<byte[]>> SmtpSource = new(() => LargeMessages.SmtpSourceOnly(Count));

    public static IReadOnlyList<byte[]> All => Mix.Value;

    /// <summary>The set named <paramref name="name"/>: <c>mix</c>, <c>dev</c>, <c>large</c> or <c>smtp-source</c> (<see cref="LargeMessages"/>).</summary>
    public static IReadOnlyList<byte[]> Set(string name) => name switch
    {
        "mix" => Mix.Value,
        "dev" => Dev.Value,
        "large" => Large.Value,
        "smtp-source" => SmtpSource.Value,
        _ => throw new ArgumentException($"unknown message set {name}; use mix, dev, large or smtp-source", nameof(name)),
    };

    public static long TotalBytes => All.Sum(m => (long)m.Length);

    private static IReadOnlyList<byte[]> Read(string folder)
    {
        var files = Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"no .eml files in {folder}");
        }
        var messages = files.Select(File.ReadAllBytes).ToList();
        Console.WriteLine($"// {messages.Count} messages, {messages.Sum(m => (long)m.Length)} bytes, from {folder}");
        return messages;
    }

    private static string Generate()
    {
        var root = RepositoryRoot();
        var folder = Path.Combine(root, "bench", ".load");
        if (Directory.Exists(folder) && Directory.GetFiles(folder, "*.eml").Length == Count)
        {
            return folder;
        }
        var script = Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus", "generate_load.py"));
        using var process = Process.Start(new ProcessStartInfo("python3", [script, folder, Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            ?? throw new InvalidOperationException("python3 could not be started");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}");
        }
        return folder;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MailGuard.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("MailGuard.sln not found above " + AppContext.BaseDirectory);
    }
}
