using System.CommandLine;
using System.Text.Json;
using MailGuard.Cli.Commands;

namespace MailGuard.Tests.Cli;

[NonParallelizable]
public sealed class ReplayCommandTests
{
    [Test]
    public async Task Replaying_the_dev_corpus_counts_what_the_labels_say_would_be_held()
    {
        var corpus = RepositoryFiles.Path("../shared/corpus/dev");
        using var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "labels.json")));
        var flagged = labels.RootElement.GetProperty("messages").EnumerateObject().Count(m => m.Value.GetProperty("flag").GetBoolean());
        var domains = labels.RootElement.GetProperty("internal_domains").EnumerateArray().Select(d => d.GetString()!).ToList();
        string[] args =
        [
            corpus, "--json", "--config", RepositoryFiles.Path("config"),
            .. domains.Select((d, i) => $"--Organization:InternalDomains:{i}={d}"),
        ];

        var (stdout, stderr) = (Console.Out, Console.Error);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        int exit;
        try
        {
            exit = await ReplayCommand.Create().Parse(args).InvokeAsync();
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.That(exit, Is.Zero, e.ToString());
        var results = o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(results, Has.Count.EqualTo(40));
        var held = results.Count(r => r.GetProperty("verdict").GetString() == "quarantine");
        Assert.That(held, Is.EqualTo(flagged));
        Assert.That(e.ToString(), Does.Contain("40 messages replayed"));
        Assert.That(e.ToString(), Does.Match($@"quarantine\s*│\s*{held}\s*│"));
        Assert.That(e.ToString(), Does.Match($@"pass\s*│\s*{40 - held}\s*│"));
        Assert.That(o.ToString(), Does.Not.Contain("\"text\""), "only redacted excerpts leave the replay");
    }
}
