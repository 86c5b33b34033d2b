using Microsoft.Extensions.DependencyInjection;

namespace MailGuard.Core;

/// <summary>Registers what every stage shares: the organisation's options and the clock.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardCore(this IServiceCollection services)
    {
        services.AddOptions<OrganizationOptions>()
            .BindConfiguration(OrganizationOptions.Section)
            .PostConfigure(o =>
            {
                if (o.InternalDomains.Count == 0)
                {
                    o.InternalDomains.Add("example.com");
                }
            })
            .Validate(o => o.DefaultLanguage is "en" or "ja", "Organization:DefaultLanguage must be \"en\" or \"ja\".")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
