using MailGuard.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailGuard.Spool;

/// <summary>Registers the spool: the queue directories, the delivery queue, and the inspect step.</summary>
public static class SpoolServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardSpool(this IServiceCollection services)
    {
        services.AddOptions<DataOptions>()
            .Configure<IConfiguration>((o, configuration) => configuration.Bind(o))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "DataDirectory must not be empty.")
            .ValidateOnStart();
        services.AddOptions<SpoolOptions>()
            .BindConfiguration(SpoolOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<SpoolStore>();
        services.AddSingleton<ISpoolWriter>(sp => sp.GetRequiredService<SpoolStore>());
        services.AddSingleton<IDeliveryQueue>(sp => sp.GetRequiredService<SpoolStore>());
        // TryAdd: the policy stage registers the real inspector and wins whatever the order.
        services.TryAddSingleton<IMessageInspector, PassThroughInspector>();
        services.AddSingleton<InspectStep>();
        return services;
    }
}
