using System.Globalization;

namespace MailGuard.Bench;

/// <summary>
/// <c>--findings DIR|SET...</c>: every finding and the verdict of every .eml under the folders (or of a named set), one line each, for
/// diffing two builds: a speed-up must not change a single line.
/// </summary>
public static class FindingsDump
{
    public static int Run(string[] args)
    {
        // A folder's .eml files, or a set by name (large has no files).
        var named = args.Skip(1).Where(a => !Directory.Exists(a))
            .SelectMany(set => LoadMessages.Set(set).Select((m, i) => (Name: $"{set}[{i}]", Bytes: m)));
        var files = args.Skip(1).Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.eml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(f => (Name: f, Bytes: File.ReadAllBytes(f)))
            .Concat(named)
            .ToList();
        var setup = new ScanSetup([.. files.Select(f => f.Bytes)]);
        for (var i = 0; i < files.Count; i++)
        {
            using var stream = new MemoryStream(setup.Messages[i], writable: false);
            var report = setup.Scanner.ScanAsync(stream, null, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine($"{files[i].Name}: {report.Verdict.Name} {report.Verdict.Rule}");
            foreach (var f in report.Findings)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {f.Kind} | {f.Text.ReplaceLineEndings(" ")} | {f.Location} | {f.ThirdParty} | {f.Owner}"));
            }
        }
        return 0;
    }
}
