using System.Net;
using MailGuard.Receive.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Receive;

/// <summary>Registers the Receive stage: its options and the hosted SMTP server. Needs <c>AddMailGuardCore()</c> and an <c>ISpoolWriter</c>.</summary>
public static class ReceiveServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardReceive(this IServiceCollection services)
    {
        services.AddOptions<ReceiveOptions>()
            .BindConfiguration(ReceiveOptions.Section)
            .PostConfigure(o =>
            {
                if (o.Endpoints.Count == 0)
                {
                    o.Endpoints.AddRange(ReceiveOptions.DefaultEndpoints);
                }
                if (o.AllowedNetworks.Count == 0)
                {
                    o.AllowedNetworks.AddRange(ReceiveOptions.DefaultAllowedNetworks);
                }
                if (o.ServerName.Length == 0)
                {
                    o.ServerName = Dns.GetHostName();
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReceiveOptions>, ReceiveOptionsValidator>();
        services.AddSingleton<RelayPolicy>();
        services.AddSingleton<ReceiveWorker>();
        services.AddSingleton<IReceiveStatus>(sp => sp.GetRequiredService<ReceiveWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<ReceiveWorker>());
        return services;
    }
}
