using Microsoft.Extensions.Configuration;

namespace MailGuard.Core;

/// <summary>Where files named in the configuration (rules, templates) are looked up when their path is relative.</summary>
public static class ConfigFolder
{
    /// <summary>
    /// The <c>ConfigDirectory</c> key the CLI sets; when a host did not set it, <c>./config</c>, else the folder
    /// shipped beside the program (the same order as the CLI's <c>--config</c> default).
    /// </summary>
    public static string Of(IConfiguration configuration)
    {
        if (configuration["ConfigDirectory"] is { Length: > 0 } given)
        {
            return given;
        }
        var local = Path.Combine(Environment.CurrentDirectory, "config");
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "config");
    }
}
