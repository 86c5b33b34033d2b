using MailGuard.Scan.Extract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Scan;

/// <summary>Registers the Scan stage: extraction (and, from the detect branch, detection and decision).</summary>
public static class ScanServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardScan(this IServiceCollection services)
    {
        services.AddOptions<ExtractOptions>()
            .BindConfiguration(ExtractOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.PartTimeout > TimeSpan.Zero && o.PartTimeout <= TimeSpan.FromMinutes(10),
                "Scan:Extract:PartTimeout must be between 00:00:00.001 and 00:10:00.")
            .ValidateOnStart();
        services.AddSingleton(sp => new MessageExtractor(
            sp.GetRequiredService<IOptions<ExtractOptions>>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
