using System.CommandLine;
using MailGuard.Cli;
using MailGuard.Cli.Commands;
using MailGuard.Scan.Extract;

// Before anything touches MimeKit: without the code pages Japanese mail reads as garbage.
EncodingSupport.EnsureRegistered();

var root = new RootCommand("MailGuard: an outbound email DLP gateway.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ScanCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(QuarantineCommand.Create());
root.Subcommands.Add(RulesCommand.Create());
root.Subcommands.Add(UsersCommand.Create());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"mailguard: {error.Message}");
    }
    await Console.Error.WriteLineAsync("Try 'mailguard --help'.");
    return ExitCodes.Error;
}
// No termination timeout: on SIGTERM System.CommandLine would otherwise give up on a command after two seconds,
// while `run` needs its host to drain sessions in flight and leave the spool consistent.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
