using System.Globalization;

namespace MailGuard.Bench;

/// <summary>
/// <c>--findings DIR...</c>: every finding and the verdict of every .eml under the folders, one line each, for
/// diffing two builds: a speed-up must not change a single line.
/// </summary>
public static class FindingsDump
{
    public static int Run(string[] args)
    {
        var files = args.Skip(1)
            .SelectMany(d => Directory.GetFiles(d, "*.eml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .ToList();
        var setup = new ScanSetup([.. files.Select(File.ReadAllBytes)]);
        for (var i = 0; i < files.Count; i++)
        {
            using var stream = new MemoryStream(setup.Messages[i], writable: false);
            var report = setup.Scanner.ScanAsync(stream, null, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine($"{files[i]}: {report.Verdict.Name} {report.Verdict.Rule}");
            foreach (var f in report.Findings)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {f.Kind} | {f.Text.ReplaceLineEndings(" ")} | {f.Location} | {f.ThirdParty} | {f.Owner}"));
            }
        }
        return 0;
    }
}
