using System.Net;
using MailGuard.Core;
using MailGuard.Receive;
using MailGuard.Spool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailGuard.Tests.Receive;

/// <summary>A real host running only Receive on 127.0.0.1 with a free port and a fake spool.</summary>
internal sealed class ReceiveHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ReceiveHost(IHost host, ISpoolWriter spool)
    {
        _host = host;
        Spool = spool;
    }

    public ISpoolWriter Spool { get; }

    public RecordingSpoolWriter Recorded => (RecordingSpoolWriter)Spool;

    public IReceiveStatus Status => _host.Services.GetRequiredService<IReceiveStatus>();

    public int Port => Status.Endpoints[0].Port;

    public static async Task<ReceiveHost> StartAsync(
        IDictionary<string, string?>? settings = null, ISpoolWriter? spool = null, TimeProvider? clock = null, ILoggerProvider? logs = null)
    {
        var host = Build(settings, spool ?? new RecordingSpoolWriter(), clock, logs);
        await host._host.StartAsync();
        return host;
    }

    /// <summary>Builds without starting, for tests of what happens at start.</summary>
    public static ReceiveHost Build(IDictionary<string, string?>? settings, ISpoolWriter spool, TimeProvider? clock = null, ILoggerProvider? logs = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Organization:InternalDomains:0"] = "example.com",
            ["Receive:Endpoints:0"] = "127.0.0.1:0",
            ["Receive:ServerName"] = "mx.test.example",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Information);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.Services.AddMailGuardCore();
        builder.Services.AddMailGuardReceive();
        builder.Services.AddSingleton(spool);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }
        return new ReceiveHost(builder.Build(), spool);
    }

    public Task StartHostAsync() => _host.StartAsync();

    public Task StopAsync() => _host.StopAsync();

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
