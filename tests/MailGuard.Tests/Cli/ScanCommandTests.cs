using System.Diagnostics;
using System.Text.Json;
using MailGuard.Tests.Scan.Extract;

namespace MailGuard.Tests.Cli;

/// <summary>Runs the built <c>mailguard scan</c> as a process and reads its JSON lines, report and exit code.</summary>
public sealed class ScanCommandTests
{
    private static string Dev => Path.Combine(CorpusPaths.Root, "dev");

    private static string RepoConfig
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (!File.Exists(Path.Combine(directory!.FullName, "MailGuard.sln")))
            {
                directory = directory.Parent;
            }
            return Path.Combine(directory.FullName, "config");
        }
    }

    private static readonly string[] Internal = ["--internal-domain", "sakura-trading.example", "--internal-domain", "sakura-trading.example.jp"];

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "mailguard.dll"));
        start.ArgumentList.Add("scan");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(RepoConfig);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Test]
    public async Task JsonLinesAndExitOneWhenAnyMessageIsFlagged()
    {
        var (code, stdout, _) = await RunAsync([.. Internal, "--json", Path.Combine(Dev, "dev_001.eml"), Path.Combine(Dev, "dev_003.eml")]);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(lines, Has.Count.EqualTo(2));
            Assert.That(lines[0].GetProperty("verdict").GetString(), Is.EqualTo("quarantine"));
            // The shipped rules file decides, as in the relay.
            Assert.That(lines[0].GetProperty("rule").GetString(), Is.EqualTo("third-party-data-to-external"));
            Assert.That(lines[1].GetProperty("verdict").GetString(), Is.EqualTo("pass"));
            var marcus = lines[0].GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("third_party").GetBoolean() && f.GetProperty("kind").GetString() == "phone").ToList();
            Assert.That(marcus.Select(f => f.GetProperty("text").GetString()), Does.Contain("(312) 555-0182"));
            Assert.That(marcus.Select(f => f.GetProperty("owner").GetString()), Has.All.Contains("marcus.bell@lakeside-freight.example.org"));
            Assert.That(marcus.Select(f => f.GetProperty("location").GetString()), Has.All.StartWith("body"));
        });
    }

    [Test]
    public async Task ExitZeroWhenEverythingPasses()
    {
        var (code, stdout, _) = await RunAsync([.. Internal, "--json", Path.Combine(Dev, "dev_038.eml"), Path.Combine(Dev, "dev_040.eml")]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
        });
    }

    [Test]
    public async Task InternalDomainDecidesWhetherAForwardLeaves()
    {
        // dev_022 goes to internal colleagues only: flagged without the organisation's domains, passed with them.
        var (without, _, _) = await RunAsync("--json", Path.Combine(Dev, "dev_022.eml"));
        var (with, _, _) = await RunAsync([.. Internal, "--json", Path.Combine(Dev, "dev_022.eml")]);
        Assert.That((without, with), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task FoldersAreScannedForEmlFiles()
    {
        var (code, stdout, _) = await RunAsync([.. Internal, "--json", Dev]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(40));
        });
    }

    [Test]
    public async Task TextReportGroupsByOwnerAndRedacts()
    {
        var (code, stdout, _) = await RunAsync([.. Internal, Path.Combine(Dev, "dev_001.eml")]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stdout, Does.Contain("QUARANTINE"));
            Assert.That(stdout, Does.Contain("m***@lakeside-freight.example.org"));
            Assert.That(stdout, Does.Not.Contain("555-0182"), "the report shows redacted excerpts only");
            Assert.That(stdout, Does.Not.Contain("Marcus Bell"));
        });
    }

    [Test]
    public async Task MissingFileIsAnErrorWithAClearMessage()
    {
        var (code, _, stderr) = await RunAsync("--json", Path.Combine(Dev, "no_such.eml"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("no_such.eml").And.Contain("no such file"));
        });
    }

    [Test]
    public async Task UnknownOptionIsAnError()
    {
        var (code, _, stderr) = await RunAsync("--jsno", Path.Combine(Dev, "dev_001.eml"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--jsno"));
        });
    }

    [Test]
    public async Task BadConfigurationIsAnError()
    {
        var (code, _, stderr) = await RunAsync("--Scan:Detect:PhoneRegions:0=XX", Path.Combine(Dev, "dev_001.eml"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("PhoneRegions"));
        });
    }
}
