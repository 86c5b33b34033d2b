using System.CommandLine;
using System.Text.Json;
using MailGuard.Cli.Replay;
using MailGuard.Core;
using MailGuard.Scan;
using MailGuard.Scan.Decide;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace MailGuard.Cli.Commands;

/// <summary>
/// <c>mailguard replay PATH</c>: runs old mail through the policy before it is switched on and reports what would
/// have happened. Uses the relay's own scanner and rules; nothing is sent or stored.
/// </summary>
internal static class ReplayCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var command = new Command("replay", "Runs the policy over an mbox or a folder of .eml files and reports what would have been held.");
        var path = new Argument<string>("PATH") { Description = "An mbox file, or a folder of .eml files (searched recursively)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per message on stdout (findings redacted); the summary goes to stderr." };
        var csv = new Option<bool>("--csv") { Description = "One CSV row per message on stdout; the summary goes to stderr." };
        var config = CommonOptions.Config();
        command.Arguments.Add(path);
        command.Options.Add(json);
        command.Options.Add(csv);
        command.Options.Add(config);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(path)!, parse.GetValue(json), parse.GetValue(csv), parse.GetValue(config), parse.UnmatchedTokens, ct));
        return command;
    }

    private static async Task<int> RunAsync(string path, bool json, bool csv, DirectoryInfo? configDirectory, IReadOnlyList<string> overrides, CancellationToken ct)
    {
        if (json && csv)
        {
            await Console.Error.WriteLineAsync("mailguard replay: choose one of --json and --csv");
            return ExitCodes.Error;
        }
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            await Console.Error.WriteLineAsync($"mailguard replay: no such file or folder: {path}");
            return ExitCodes.Error;
        }
        ServiceProvider services;
        ReplaySource source;
        try
        {
            var configuration = MailGuardConfiguration.Build(MailGuardConfiguration.ResolveDirectory(configDirectory), overrides);
            services = new ServiceCollection()
                .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration)
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
                .AddMailGuardCore()
                .AddMailGuardScan()
                .AddMailGuardPolicy()
                .BuildServiceProvider();
            source = ReplaySource.Open(path);
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"mailguard replay: {e.Message}");
            return ExitCodes.Error;
        }
        await using (services)
        {
            Replayer replayer;
            try
            {
                replayer = ActivatorUtilities.CreateInstance<Replayer>(services);
            }
            catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or RulesException)
            {
                await Console.Error.WriteLineAsync($"mailguard replay: configuration error: {e.Message}");
                return ExitCodes.Error;
            }
            var machineOutput = json || csv;
            var console = machineOutput ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : AnsiConsole.Console;
            if (csv)
            {
                Console.Out.WriteLine(ReplayResult.CsvHeader);
            }
            var summary = new ReplaySummary();
            await console.Progress().AutoClear(machineOutput).StartAsync(async progress =>
            {
                var task = progress.AddTask("Replaying", maxValue: source.Count ?? 1);
                await foreach (var (name, message) in source.ReadAsync(ct))
                {
                    var result = await replayer.ReplayAsync(name, message, ct);
                    summary.Add(result);
                    if (json)
                    {
                        Console.Out.WriteLine(JsonSerializer.Serialize(result.ToJson(), Json));
                    }
                    else if (csv)
                    {
                        Console.Out.WriteLine(result.ToCsv());
                    }
                    task.Increment(1);
                }
                task.Value = task.MaxValue;
            });
            summary.Render(console);
            return ExitCodes.Ok;
        }
    }
}
