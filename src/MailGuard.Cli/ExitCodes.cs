namespace MailGuard.Cli;

/// <summary>The exit codes of the CLI contract.</summary>
internal static class ExitCodes
{
    /// <summary>Everything passed (or the command succeeded).</summary>
    public const int Ok = 0;

    /// <summary>At least one message is flagged.</summary>
    public const int Flagged = 1;

    /// <summary>An error: unreadable file, bad config, bad options.</summary>
    public const int Error = 2;
}
