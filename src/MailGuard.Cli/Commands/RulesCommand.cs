using System.CommandLine;

namespace MailGuard.Cli.Commands;

/// <summary><c>mailguard rules</c>: Checks a rules file.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Checks a rules file.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("mailguard rules: not available yet");
            return ExitCodes.Error;
        });
        return command;
    }
}
