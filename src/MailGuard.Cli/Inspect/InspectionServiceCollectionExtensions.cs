using MailGuard.Core;
using MailGuard.Notify;
using MailGuard.Quarantine;
using MailGuard.Scan;
using MailGuard.Scan.Decide;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailGuard.Cli.Inspect;

/// <summary>Registers scan, the rules policy, the quarantine and notices, and makes the policy the relay's inspector.</summary>
public static class InspectionServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardInspection(this IServiceCollection services)
    {
        services.AddMailGuardScan()
            .AddMailGuardPolicy()
            .AddMailGuardQuarantine()
            .AddMailGuardNotify();
        services.TryAddSingleton<ScanMessage>(sp => sp.GetRequiredService<MessageScanner>().ScanAsync);
        services.Replace(ServiceDescriptor.Singleton<IMessageInspector, PolicyInspector>());
        return services;
    }
}
