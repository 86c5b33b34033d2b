using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Each fixture in TestData/Extract has its extraction summary checked in beside it, so a change in what is
/// extracted shows up in review. Regenerate after an intended change with
/// <c>MAILGUARD_UPDATE_GOLDEN=1 dotnet test tests/MailGuard.Tests --filter FullyQualifiedName~GoldenSummaryTests</c>.
/// </summary>
public sealed class GoldenSummaryTests
{
    private static IEnumerable<string> Fixtures() =>
        Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Extract"), "*.eml")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Fixtures))]
    public void Extraction_matches_the_golden_summary(string fixture)
    {
        var result = new MessageExtractor().Extract(Path.Combine(CorpusPaths.Fixtures, fixture), CancellationToken.None);
        var actual = ExtractionSummary.Of(result);
        var golden = Path.ChangeExtension(fixture, ".summary.txt");
        if (Environment.GetEnvironmentVariable("MAILGUARD_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceFolder(), golden), actual);
        }
        var expectedPath = Path.Combine(SourceFolder(), golden);
        Assert.That(File.Exists(expectedPath), Is.True, $"no golden summary {golden}; run with MAILGUARD_UPDATE_GOLDEN=1");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(expectedPath)));
    }

    private static string SourceFolder()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MailGuard.sln")))
        {
            directory = directory.Parent;
        }
        return directory is null
            ? CorpusPaths.Fixtures
            : Path.Combine(directory.FullName, "tests", "MailGuard.Tests", "TestData", "Extract");
    }
}
