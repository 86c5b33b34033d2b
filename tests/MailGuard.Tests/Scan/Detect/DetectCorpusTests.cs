using System.Text.Json;
using MailGuard.Tests.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

/// <summary>End-to-end figures on the labeled dev corpus and on this folder's own messages.</summary>
public sealed class DetectCorpusTests
{
    private static string OwnMessages => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Detect");

    [Test]
    public async Task DevCorpusMeetsTheBar()
    {
        var score = await LabeledSet.Load(Path.Combine(CorpusPaths.Root, "dev")).ScoreAsync();
        Report(score, "dev");
        Assert.Multiple(() =>
        {
            Assert.That(score.Messages, Is.EqualTo(40));
            Assert.That(score.Precision, Is.GreaterThanOrEqualTo(0.95), "flag precision");
            Assert.That(score.Recall, Is.GreaterThanOrEqualTo(0.95), "flag recall");
            Assert.That(score.MissedMatches, Is.Zero, "every third-party match is found by a finding of its kind");
            Assert.That(score.PartiesFlagged, Is.Zero, "no finding marked third-party is a party's data");
        });
    }

    [Test]
    public async Task OwnMessagesMeetTheBar()
    {
        var set = LabeledSet.Load(OwnMessages);
        Assert.That(set.Messages.Count(), Is.GreaterThanOrEqualTo(40));
        var all = await set.ScoreAsync();
        var holdout = await set.ScoreAsync(l => l.GetProperty("holdout").GetBoolean());
        Report(all, "own (all)");
        Report(holdout, "own (held out while tuning)");
        // Each batch's figure is printed on its own so a session's first, untuned score can be read back later.
        foreach (var batch in set.Messages.Select(m => Batch(m.Label)).OfType<string>().Distinct())
        {
            Report(await set.ScoreAsync(l => Batch(l) == batch), $"own (batch {batch})");
        }
        Assert.Multiple(() =>
        {
            Assert.That(all.Precision, Is.GreaterThanOrEqualTo(0.9), "flag precision");
            Assert.That(all.Recall, Is.GreaterThanOrEqualTo(0.9), "flag recall");
            Assert.That(all.PartiesFlagged, Is.Zero, "no finding marked third-party is a party's data");
            Assert.That(all.MissedMatches, Is.Zero, "every third-party match is found by a finding of its kind");
            Assert.That(all.DecoysFound, Is.Zero, "no look-alike is taken for personal data");
        });
    }

    [Test]
    public async Task EveryPublicAndHostileMessageGetsAVerdict()
    {
        var scanner = TestScanner.Create(["example.com"]);
        var files = Directory.EnumerateFiles(Path.Combine(CorpusPaths.Root, "public"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.OrdinalIgnoreCase))
            .Concat(Directory.Exists(CorpusPaths.Fixtures) ? Directory.EnumerateFiles(CorpusPaths.Fixtures, "*.eml", SearchOption.AllDirectories) : [])
            .ToList();
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var report = await scanner.ScanFileAsync(file);
                if (report.Verdict.Rule.Length == 0)
                {
                    failures.Add($"{file}: no rule named");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{file}: {e.GetType().Name}: {e.Message}");
            }
        }
        TestContext.Out.WriteLine($"{files.Count} public and hostile messages scanned, {failures.Count} without a verdict");
        Assert.That(files, Has.Count.GreaterThan(100));
        Assert.That(failures, Is.Empty);
    }

    private static string? Batch(JsonElement label) => label.TryGetProperty("batch", out var batch) ? batch.GetString() : null;

    private static void Report(Score score, string name)
    {
        TestContext.Out.WriteLine(score.Summary(name));
        foreach (var problem in score.Problems)
        {
            TestContext.Out.WriteLine("  " + problem);
        }
    }
}
