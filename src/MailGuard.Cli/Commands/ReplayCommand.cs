using System.CommandLine;

namespace MailGuard.Cli.Commands;

/// <summary><c>mailguard replay</c>: Runs the policy over an mbox or a folder of .eml files and reports what would have been held.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var command = new Command("replay", "Runs the policy over an mbox or a folder of .eml files and reports what would have been held.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("mailguard replay: not available yet");
            return ExitCodes.Error;
        });
        return command;
    }
}
