using System.CommandLine;

namespace MailGuard.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    /// <summary><c>--config DIR</c>: the folder with mailguard.json, the rules and the templates.</summary>
    public static Option<DirectoryInfo?> Config() => new("--config")
    {
        Description = "Folder with mailguard.json, rules and templates (default: ./config, else the one shipped beside the program).",
    };
}
