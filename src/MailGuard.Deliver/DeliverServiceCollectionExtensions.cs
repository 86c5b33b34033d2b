using Microsoft.Extensions.DependencyInjection;

namespace MailGuard.Deliver;

/// <summary>Registers the delivery stage: options, the upstream, the agent and the deferred schedule.</summary>
public static class DeliverServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardDeliver(this IServiceCollection services)
    {
        services.AddOptions<DeliverOptions>()
            .BindConfiguration(DeliverOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Host.Length == 0 || Uri.CheckHostName(o.Host) != UriHostNameType.Unknown, "Deliver:Host is not a host name or address.")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero && o.CommandTimeout > TimeSpan.Zero && o.IdleTimeout > TimeSpan.Zero,
                "Deliver:ConnectTimeout, CommandTimeout and IdleTimeout must be positive.")
            .Validate(o => o.RetryInitialDelay > TimeSpan.Zero && o.RetryInitialDelay <= o.RetryMaxDelay,
                "Deliver:RetryInitialDelay must be positive and not above Deliver:RetryMaxDelay.")
            .Validate(o => o.QueueLifetime > TimeSpan.Zero, "Deliver:QueueLifetime must be positive.")
            .Validate(o => o.UserName.Length == 0 || o.Security != DeliverSecurity.None,
                "Deliver:UserName is set with Deliver:Security None: the password would cross the network in clear.")
            .ValidateOnStart();
        services.AddSingleton<UpstreamFactory>();
        services.AddSingleton<DeferredQueue>();
        services.AddSingleton<DeliveryAgent>();
        return services;
    }
}
