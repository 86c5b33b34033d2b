using MailGuard.Scan.Decide;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailGuard.Scan;

/// <summary>Registers the Scan stage: extraction, detection and the decision, behind <see cref="MessageScanner"/>.</summary>
public static class ScanServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardScan(this IServiceCollection services)
    {
        // Several compositions call this (the relay's inspection, the CLI, the console); binding twice would
        // append every list option to itself, so the second call is a no-op.
        if (services.Any(d => d.ServiceType == typeof(MessageScanner)))
        {
            return services;
        }
        services.AddOptions<ExtractOptions>()
            .BindConfiguration(ExtractOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.PartTimeout > TimeSpan.Zero && o.PartTimeout <= TimeSpan.FromMinutes(10),
                "Scan:Extract:PartTimeout must be between 00:00:00.001 and 00:10:00.")
            .ValidateOnStart();
        // MessageExtractor has a second constructor for tools; name the one the container must use.
        services.AddSingleton(sp => new MessageExtractor(
            sp.GetRequiredService<IOptions<ExtractOptions>>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));

        services.AddOptions<DetectOptions>()
            .BindConfiguration(DetectOptions.Section)
            .PostConfigure(o =>
            {
                if (o.PhoneRegions.Count == 0)
                {
                    o.PhoneRegions.AddRange(DetectOptions.DefaultPhoneRegions);
                }
                if (o.RoleMailboxes.Count == 0)
                {
                    o.RoleMailboxes.AddRange(DetectOptions.DefaultRoleMailboxes);
                }
            })
            .Validate(o => o.PhoneRegions.All(r => PhoneNumbers.PhoneNumberUtil.GetInstance().GetCountryCodeForRegion(r.Trim().ToUpperInvariant()) != 0),
                "Scan:Detect:PhoneRegions must be ISO 3166 region codes libphonenumber knows (JP, US, GB, AU, ...).")
            .ValidateOnStart();
        services.AddSingleton<PersonalDataDetector>();
        // The rules-file policy registers its own IPolicy; until then the default rule decides.
        services.TryAddSingleton<IPolicy, DefaultPolicy>();
        services.AddSingleton<MessageScanner>();
        return services;
    }
}
