namespace MailGuard.Tests.Scan.Extract;

/// <summary>Finds the shared corpus beside the repository (<c>../shared/corpus</c> from the repo root).</summary>
internal static class CorpusPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MailGuard.sln")))
            {
                directory = directory.Parent;
            }
            Assert.That(directory, Is.Not.Null, "MailGuard.sln not found above the test directory");
            var corpus = Path.GetFullPath(Path.Combine(directory!.FullName, "..", "shared", "corpus"));
            Assert.That(Directory.Exists(corpus), Is.True, $"corpus not found at {corpus}");
            return corpus;
        }
    }

    public static string Fixtures => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Extract");
}
