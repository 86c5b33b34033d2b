namespace MailGuard.Core;

/// <summary>The top-level keys of the configuration, outside any stage section.</summary>
public sealed class DataOptions
{
    /// <summary>Empty: these keys sit at the root of the configuration.</summary>
    public const string Section = "";

    /// <summary>Root of the spool, the outbox and the SQLite files; relative paths are relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";
}
