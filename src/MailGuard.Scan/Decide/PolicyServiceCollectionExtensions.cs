using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Scan.Decide;

/// <summary>Registers the rules-file policy and its reloader.</summary>
public static class PolicyServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardPolicy(this IServiceCollection services)
    {
        services.AddOptions<PolicyOptions>()
            .BindConfiguration(PolicyOptions.Section)
            .Configure<IConfiguration>((o, configuration) =>
            {
                // Relative to the configuration folder, so the shipped config/ works from any working directory.
                var folder = configuration["ConfigDirectory"] ?? Environment.CurrentDirectory;
                o.RulesFile = Path.GetFullPath(o.RulesFile, folder);
            })
            .Validate(o => o.ReloadInterval >= TimeSpan.FromMilliseconds(100), "Policy:ReloadInterval must be at least 00:00:00.1.")
            .Validate(o => o.ScanTimeout >= TimeSpan.FromSeconds(1), "Policy:ScanTimeout must be at least 00:00:01.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PolicyOptions>, RulesFileValidation>();
        services.AddSingleton<RulesPolicy>();
        services.AddHostedService<RulesReloader>();
        return services;
    }

    /// <summary>Makes a broken rules file a startup error that names the file and the line.</summary>
    private sealed class RulesFileValidation : IValidateOptions<PolicyOptions>
    {
        public ValidateOptionsResult Validate(string? name, PolicyOptions options)
        {
            try
            {
                RulesLoader.Load(options.RulesFile);
                return ValidateOptionsResult.Success;
            }
            catch (RulesException e)
            {
                return ValidateOptionsResult.Fail(e.Errors.Select(error => $"{e.File}: {error}"));
            }
        }
    }
}
