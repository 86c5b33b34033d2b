using MailGuard.Cli;
using Microsoft.Extensions.Configuration;

namespace MailGuard.Tests.Relay;

/// <summary><c>mailguard run</c> in-process with what it writes to stderr, for start-up failures.</summary>
internal static class RelayRun
{
    public static async Task<(int Exit, string Errors)> RunAsync(IConfiguration configuration)
    {
        var stderr = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            var exit = await RelayHost.RunAsync(configuration, CancellationToken.None);
            return (exit, captured.ToString());
        }
        finally
        {
            Console.SetError(stderr);
        }
    }
}
