using System.CommandLine;

namespace MailGuard.Cli.Commands;

/// <summary><c>mailguard run</c>: Runs the relay and the review console.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Runs the relay and the review console.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("mailguard run: not available yet");
            return ExitCodes.Error;
        });
        return command;
    }
}
