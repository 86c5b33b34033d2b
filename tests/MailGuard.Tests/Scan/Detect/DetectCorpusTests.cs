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
        Assert.Multiple(() =>
        {
            Assert.That(all.Precision, Is.GreaterThanOrEqualTo(0.9), "flag precision");
            Assert.That(all.Recall, Is.GreaterThanOrEqualTo(0.9), "flag recall");
            Assert.That(all.PartiesFlagged, Is.Zero, "no finding marked third-party is a party's data");
        });
    }

    private static void Report(Score score, string name)
    {
        TestContext.Out.WriteLine(score.Summary(name));
        foreach (var problem in score.Problems)
        {
            TestContext.Out.WriteLine("  " + problem);
        }
    }
}
