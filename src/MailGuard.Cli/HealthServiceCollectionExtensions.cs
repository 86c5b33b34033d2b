using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailGuard.Cli;

/// <summary>Registers the health endpoint's options (the worker itself is in <c>Workers/</c>).</summary>
internal static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.Section)
            // The binder skips empty values, so "Url": "" would silently keep the default port; empty means off.
            .Configure<IConfiguration>((o, configuration) =>
            {
                if (configuration.GetSection(HealthOptions.Section).GetSection(nameof(HealthOptions.Url)).Value is "")
                {
                    o.Url = "";
                }
            })
            .Validate(o => o.Url.Length == 0 || (Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp),
                "Health:Url must be an http:// URL or empty.")
            .ValidateOnStart();
        return services;
    }
}
