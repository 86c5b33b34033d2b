using System.CommandLine;

namespace MailGuard.Cli.Commands;

/// <summary><c>mailguard quarantine</c>: Lists, shows, releases, rejects or deletes held mail.</summary>
internal static class QuarantineCommand
{
    public static Command Create()
    {
        var command = new Command("quarantine", "Lists, shows, releases, rejects or deletes held mail.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("mailguard quarantine: not available yet");
            return ExitCodes.Error;
        });
        return command;
    }
}
