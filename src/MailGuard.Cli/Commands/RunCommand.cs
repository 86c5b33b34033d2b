using System.CommandLine;

namespace MailGuard.Cli.Commands;

/// <summary><c>mailguard run [--config DIR] [--Section:Key=value]...</c>: runs the relay until SIGTERM or Ctrl-C.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("run", "Runs the relay and the review console. Extra --Section:Key=value arguments override the configuration.")
        {
            config,
        };
        // --Deliver:Host=... and friends are configuration overrides, not options of this command.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = MailGuardConfiguration.ResolveDirectory(parseResult.GetValue(config));
            Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
            try
            {
                configuration = MailGuardConfiguration.Build(directory, parseResult.UnmatchedTokens);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync($"mailguard run: {e.Message}");
                return ExitCodes.Error;
            }
            return await RelayHost.RunAsync(configuration, cancellationToken);
        });
        return command;
    }
}
