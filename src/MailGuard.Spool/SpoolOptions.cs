namespace MailGuard.Spool;

/// <summary>The <c>Spool</c> section: where accepted mail waits on disk.</summary>
public sealed class SpoolOptions
{
    public const string Section = "Spool";

    /// <summary>The spool root; empty means <c>DataDirectory/spool</c>.</summary>
    public string Directory { get; set; } = "";
}
