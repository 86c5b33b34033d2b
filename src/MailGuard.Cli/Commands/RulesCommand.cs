using System.CommandLine;
using MailGuard.Scan.Decide;

namespace MailGuard.Cli.Commands;

/// <summary><c>mailguard rules check [FILE]</c>: validates a rules file and prints each error with its line.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Works with rules files.");
        var check = new Command("check", "Validates a rules file; prints every error with its line. Exit 0 when valid, 2 when not.");
        var file = new Argument<FileInfo?>("FILE")
        {
            Description = "The rules file (default: Policy:RulesFile of the configuration).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var config = CommonOptions.Config();
        check.Arguments.Add(file);
        check.Options.Add(config);
        check.SetAction(parse =>
        {
            string path;
            if (parse.GetValue(file) is { } given)
            {
                path = given.FullName;
            }
            else
            {
                var folder = MailGuardConfiguration.ResolveDirectory(parse.GetValue(config));
                string? configured;
                try
                {
                    configured = MailGuardConfiguration.Build(folder, [])[$"{PolicyOptions.Section}:{nameof(PolicyOptions.RulesFile)}"];
                }
                catch (ConfigurationException e)
                {
                    Console.Error.WriteLine($"mailguard rules check: {e.Message}");
                    return ExitCodes.Error;
                }
                path = Path.GetFullPath(configured ?? new PolicyOptions().RulesFile, folder.FullName);
            }
            try
            {
                var rules = RulesLoader.Load(path);
                Console.Out.WriteLine($"{path}: OK, {rules.RuleNames.Count} rules: {string.Join(", ", rules.RuleNames)}");
                return ExitCodes.Ok;
            }
            catch (RulesException e)
            {
                foreach (var error in e.Errors)
                {
                    Console.Error.WriteLine($"{e.File}:{error.Line}:{error.Column}: {error.Message}");
                }
                return ExitCodes.Error;
            }
        });
        command.Subcommands.Add(check);
        return command;
    }
}
