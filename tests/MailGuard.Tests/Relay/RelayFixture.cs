using MailGuard.Tests.Deliver;
using MailGuard.Cli;
using MailGuard.Receive;
using MailGuard.Spool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailGuard.Tests.Relay;

/// <summary>MailGuard's relay host running in-process on a free port, delivering to a test upstream.</summary>
internal sealed class RelayFixture : IAsyncDisposable
{
    private readonly IHost _host;

    private RelayFixture(IHost host, string directory)
    {
        _host = host;
        Directory = directory;
    }

    public string Directory { get; }

    public int Port => _host.Services.GetRequiredService<IReceiveStatus>().Endpoints[0].Port;

    public SpoolStore Spool => _host.Services.GetRequiredService<SpoolStore>();

    /// <summary>The relay's services (the quarantine store, for policy tests).</summary>
    public IServiceProvider Services => _host.Services;

    public static async Task<RelayFixture> StartAsync(int upstreamPort, params (string Key, string Value)[] overrides)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mailguard-relay-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["DataDirectory"] = directory,
            ["Receive:Endpoints:0"] = "127.0.0.1:0",
            ["Receive:ServerName"] = "mailguard.example.com",
            ["Deliver:Host"] = "127.0.0.1",
            ["Deliver:Port"] = upstreamPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Deliver:Security"] = "None",
            ["Deliver:LocalDomain"] = "mailguard.example.com",
            ["Deliver:ConnectTimeout"] = "00:00:05",
            ["Deliver:RetryInitialDelay"] = "00:00:01",
            ["Deliver:RetryMaxDelay"] = "00:00:02",
            // An empty Health:Url from an in-memory source does not override the default port 8026, which another
            // relay on the machine may hold: every fixture gets a free port of its own.
            ["Health:Url"] = $"http://127.0.0.1:{TestUpstream.FreePort()}/health",
            // The review console runs in the relay too; a free port keeps parallel relays apart.
            ["Review:Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            // Relay tests are about moving mail: a pass-everything policy unless a test brings its own rules.
            ["Policy:RulesFile"] = PassEverything(directory),
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = RelayHost.Build(configuration);
        await host.StartAsync();
        return new RelayFixture(host, directory);
    }

    private static string PassEverything(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "pass-everything.yaml");
        File.WriteAllText(path, "rules: []\ndefault: { action: pass }\n");
        return path;
    }

    /// <summary>Waits (bounded) until every queue is empty: all mail delivered or bounced.</summary>
    public async Task<bool> WaitUntilDrainedAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var depths = Spool.Depths();
            if (depths[SpoolQueue.Incoming] + depths[SpoolQueue.Active] + depths[SpoolQueue.Deferred] == 0)
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>Waits (bounded) until at least one message waits in <c>deferred/</c>.</summary>
    public async Task<bool> WaitForDeferredAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (Spool.Depths()[SpoolQueue.Deferred] > 0)
            {
                return true;
            }
            await Task.Delay(20);
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
