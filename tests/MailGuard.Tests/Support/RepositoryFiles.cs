namespace MailGuard.Tests;

/// <summary>Finds files of the repository (config/, the shared corpus beside it) from the test output folder.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder with MailGuard.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the repository root.</summary>
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MailGuard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MailGuard.sln not found above the test folder");
    }
}
