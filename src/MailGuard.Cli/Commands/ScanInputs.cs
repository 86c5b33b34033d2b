namespace MailGuard.Cli.Commands;

/// <summary>The files <c>mailguard scan</c> reads: files as given, folders searched for <c>*.eml</c>, in name order.</summary>
internal static class ScanInputs
{
    /// <summary>Each file to scan, or a path with the reason it cannot be scanned.</summary>
    public static IEnumerable<(string File, string? Problem)> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                yield return (path, null);
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0)
                {
                    yield return (path, "no .eml files in this folder");
                }
                foreach (var file in files)
                {
                    yield return (file, null);
                }
            }
            else
            {
                yield return (path, "no such file or folder");
            }
        }
    }
}
