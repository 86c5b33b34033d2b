using MailGuard.Cli.Inspect;
using MailGuard.Cli.Workers;
using MailGuard.Core;
using MailGuard.Deliver;
using MailGuard.Quarantine;
using MailGuard.Receive;
using MailGuard.Review;
using MailGuard.Spool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli;

/// <summary>The composition root of <c>mailguard run</c>: the stages in pipeline order, then the loops that move mail.</summary>
internal static class RelayHost
{
    public static IHost Build(IConfiguration configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        AddRelay(builder.Services);
        return builder.Build();
    }

    /// <summary>Everything the relay runs, in the order mail flows (also used by the config drift test).</summary>
    public static IServiceCollection AddRelay(IServiceCollection services)
    {
        services.AddMailGuardCore()
            .AddMailGuardSpool();
        // Hosted services start in registration order: the spool is recovered before Receive starts accepting.
        services.AddHostedService<SpoolRecoveryWorker>();
        services.AddMailGuardReceive()
            .AddMailGuardInspection()
            .AddMailGuardDeliver()
            .AddMailGuardReview();
        services.AddMailGuardHealth();

        // master.cf: the loops in the order mail moves through them; they stop in reverse, after Receive has drained.
        services.AddHostedService<InspectWorker>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHostedService<DeferredWorker>();
        services.AddHostedService<HealthWorker>();
        services.AddHostedService<QuarantineHealthWorker>();
        services.AddHostedService<QuarantineOutboxWorker>();
        services.AddHostedService<QuarantineRetentionWorker>();
        return services;
    }

    /// <summary>Runs until SIGTERM/Ctrl-C; exit code 2 with a clear message when the configuration cannot be used.</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        try
        {
            using var host = Build(configuration);
            // Validate before starting, so a broken configuration is one clear line, not a host failure with a stack trace.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"mailguard run: configuration error: {string.Join(" ", e.Failures)}");
            return ExitCodes.Error;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"mailguard run: configuration error: {e.Message}");
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or System.Net.HttpListenerException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"mailguard run: cannot start: {e.Message}");
            return ExitCodes.Error;
        }
    }
}
