using System.CommandLine;
using MailGuard.Core;
using MailGuard.Scan;
using MailGuard.Scan.Decide;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Commands;

/// <summary><c>mailguard scan</c>: Judges .eml files exactly as the relay would, without sending anything.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var internalDomains = new Option<string[]>("--internal-domain")
        {
            Description = "Also treat this domain as internal (added to Organization:InternalDomains; repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "One JSON object per message per line instead of the report." };
        var paths = new Argument<string[]>("PATH")
        {
            Description = ".eml files, or folders searched for *.eml.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("scan", "Judges .eml files exactly as the relay would, without sending anything.")
        {
            config, internalDomains, json, paths,
        };
        // --Section:Key=value overrides reach the configuration rather than the parser.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(config),
            parse.GetValue(internalDomains) ?? [],
            parse.GetValue(json),
            parse.GetValue(paths) ?? [],
            parse.UnmatchedTokens,
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        DirectoryInfo? configDirectory,
        string[] internalDomains,
        bool json,
        string[] arguments,
        IReadOnlyList<string> unmatched,
        CancellationToken cancellationToken)
    {
        var overrides = unmatched.Concat(arguments.Where(MailGuardConfiguration.IsOverride)).ToList();
        // Unknown options land among the paths: refuse them rather than look for a file called "--jsno".
        var unknown = overrides.Concat(arguments).FirstOrDefault(o => !MailGuardConfiguration.IsOverride(o) && o.StartsWith('-') && o.Length > 1);
        if (unknown is not null)
        {
            await Console.Error.WriteLineAsync($"mailguard scan: unknown option {unknown}");
            return ExitCodes.Error;
        }
        ServiceProvider services;
        try
        {
            var configuration = MailGuardConfiguration.Build(MailGuardConfiguration.ResolveDirectory(configDirectory), overrides);
            services = BuildServices(configuration, internalDomains);
        }
        catch (Exception e) when (e is ConfigurationException or OptionsValidationException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"mailguard scan: bad configuration: {e.Message}");
            return ExitCodes.Error;
        }
        await using var _ = services;
        var scanner = services.GetRequiredService<MessageScanner>();
        var output = json ? (IScanOutput)new JsonScanOutput(Console.Out) : new TextScanOutput();
        var error = false;
        var flagged = false;
        foreach (var (file, problem) in ScanInputs.Expand(arguments.Where(a => !MailGuardConfiguration.IsOverride(a))))
        {
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"mailguard scan: {file}: {problem}");
                error = true;
                continue;
            }
            ScanReport report;
            try
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
                report = await scanner.ScanAsync(stream, null, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"mailguard scan: {file}: cannot read: {e.Message}");
                error = true;
                continue;
            }
            flagged |= report.Verdict.IsFlagged;
            await output.WriteAsync(file, report);
        }
        return error ? ExitCodes.Error : flagged ? ExitCodes.Flagged : ExitCodes.Ok;
    }

    // The same registrations the relay uses, so a file is judged as the relay would judge it.
    private static ServiceProvider BuildServices(IConfiguration configuration, string[] internalDomains)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).SetMinimumLevel(LogLevel.Warning));
        services.AddMailGuardCore();
        services.AddMailGuardScan()
            .AddMailGuardPolicy();
        services.PostConfigure<OrganizationOptions>(o =>
        {
            foreach (var domain in internalDomains.Select(d => d.Trim()).Where(d => d.Length > 0))
            {
                if (!o.InternalDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
                {
                    o.InternalDomains.Add(domain);
                }
            }
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetService<IStartupValidator>()?.Validate();
        return provider;
    }
}
