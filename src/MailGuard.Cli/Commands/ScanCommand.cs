using System.CommandLine;

namespace MailGuard.Cli.Commands;

/// <summary><c>mailguard scan</c>: Judges .eml files exactly as the relay would, without sending anything.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var command = new Command("scan", "Judges .eml files exactly as the relay would, without sending anything.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("mailguard scan: not available yet");
            return ExitCodes.Error;
        });
        return command;
    }
}
