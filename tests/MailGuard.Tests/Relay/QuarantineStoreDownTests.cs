using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MailGuard.Cli;
using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Spool;
using MailGuard.Tests.Deliver;
using MailGuard.Tests.Quarantine;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace MailGuard.Tests.Relay;

/// <summary>
/// The quarantine's PostgreSQL server down at start and back later: clean mail passes, mail to hold waits in spool
/// <c>hold/</c>, <c>/health</c> says so, and once the server is back that mail is held in the store without anyone
/// moving it. The server is the test PostgreSQL behind a TCP proxy the test opens and closes.
/// </summary>
[NonParallelizable]
public sealed class QuarantineStoreDownTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Sender = "daniel.brooks@sakura-trading.example";
    private const string Colleague = "emily.carter@sakura-trading.example";
    private const string Client = "sarah.oneill@pinecrest.example.com";

    [Test]
    public async Task Clean_mail_passes_while_the_store_is_down_and_held_mail_waits_in_the_spool_until_it_is_back()
    {
        using var schema = PostgresTestSchema.Create();
        var server = new NpgsqlConnectionStringBuilder(schema.ConnectionString);
        var proxyPort = TestUpstream.FreePort();
        var healthUrl = $"http://127.0.0.1:{TestUpstream.FreePort()}/health";
        await using var upstream = await new TestUpstream().StartAsync();
        await using var relay = await RelayFixture.StartAsync(upstream.Port,
            ("Policy:RulesFile", RepositoryFiles.Path("config/rules.yaml")),
            ("Organization:InternalDomains:0", "sakura-trading.example"),
            ("Notify:TemplatesDirectory", RepositoryFiles.Path("config/templates")),
            ("Quarantine:Provider", "Postgres"),
            ("Quarantine:ConnectionString", new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Host = "127.0.0.1", Port = proxyPort, Timeout = 3 }.ToString()),
            ("Quarantine:HealthInterval", "00:00:00.2"),
            ("Quarantine:OutboxInterval", "00:00:00.2"),
            ("Health:Url", healthUrl));

        Assert.That(await WaitForAsync(async () => await QuarantineHealthAsync(healthUrl) == "down"), Is.True, "/health reports the store down");
        await SendAsync(relay.Port, RelayClient.Message("lunch on friday", Sender, Colleague), Colleague);
        await SendAsync(relay.Port, await MimeMessage.LoadAsync(RepositoryFiles.Path("../shared/corpus/dev/dev_011.eml")), Client);

        Assert.That((await upstream.WaitForAsync(1, Patience)).Single().Recipients, Is.EqualTo(new[] { Colleague }), "clean mail passes");
        Assert.That(await WaitForAsync(() => Task.FromResult(relay.Spool.Depths()[SpoolQueue.Hold] == 1)), Is.True, "the leak waits in hold/");

        using var proxy = new TcpProxy(proxyPort, server.Host!, server.Port);
        Assert.That(await WaitForAsync(async () => await QuarantineHealthAsync(healthUrl) == "up"), Is.True, "/health sees the store back");
        var store = relay.Services.GetRequiredService<IQuarantineStore>();
        Assert.That(await WaitForAsync(async () => (await store.ListAsync(new QuarantineQuery(QuarantineState.Held), CancellationToken.None)).Count == 1), Is.True,
            "the leak is inspected again and held in the store");
        Assert.That(relay.Spool.Depths()[SpoolQueue.Hold], Is.Zero);
        Assert.That(upstream.Received.Where(m => m.Recipients.Contains(Client)), Is.Empty, "never delivered");
    }

    [Test]
    public async Task Mail_left_in_hold_before_a_restart_is_inspected_again_once_the_store_answers()
    {
        var directory = Directory.CreateTempSubdirectory("mailguard-relay-hold-").FullName;
        var spool = new SpoolStore(Options.Create(new SpoolOptions()), Options.Create(new DataOptions { DataDirectory = directory }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SpoolStore>.Instance);
        var envelope = new Envelope(SpoolId.New(), Sender, [Client], "127.0.0.1", null, DateTimeOffset.UtcNow);
        await using (var leak = File.OpenRead(RepositoryFiles.Path("../shared/corpus/dev/dev_011.eml")))
        {
            await spool.WriteAsync(SpoolQueue.Hold, envelope, [], leak, CancellationToken.None);
        }
        try
        {
            await using var upstream = await new TestUpstream().StartAsync();
            await using var relay = await RelayFixture.StartAsync(upstream.Port,
                ("DataDirectory", directory),
                ("Policy:RulesFile", RepositoryFiles.Path("config/rules.yaml")),
                ("Organization:InternalDomains:0", "sakura-trading.example"),
                ("Notify:TemplatesDirectory", RepositoryFiles.Path("config/templates")),
                ("Quarantine:HealthInterval", "00:00:00.2"));

            var store = relay.Services.GetRequiredService<IQuarantineStore>();
            Assert.That(await WaitForAsync(async () => (await store.ListAsync(new QuarantineQuery(QuarantineState.Held), CancellationToken.None)).Count == 1), Is.True,
                "inspected again at start and held in the store");
            Assert.That(relay.Spool.Depths()[SpoolQueue.Hold], Is.Zero);
            Assert.That(upstream.Received.Where(m => m.Recipients.Contains(Client)), Is.Empty, "never delivered");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task A_malformed_connection_string_stops_run_with_a_configuration_error_and_exit_code_2()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataDirectory"] = Path.Combine(Path.GetTempPath(), "mailguard-never-" + Guid.NewGuid().ToString("N")),
            ["Quarantine:Provider"] = "Postgres",
            ["Quarantine:ConnectionString"] = "Host=db.example.com;Password=secret-example-9;NoSuchKeyword=1",
        }).Build();

        var (exit, errors) = await RelayRun.RunAsync(configuration);

        Assert.That(exit, Is.EqualTo(ExitCodes.Error));
        Assert.That(errors, Does.StartWith("mailguard run: configuration error:").And.Contain("Quarantine:ConnectionString").And.Not.Contain("secret-example-9"));
    }

    private static async Task SendAsync(int port, MimeMessage message, string to)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.SendAsync(message, new MailboxAddress("", Sender), [new MailboxAddress("", to)]);
        await client.DisconnectAsync(true);
    }

    private static async Task<string?> QuarantineHealthAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(url);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("quarantine", out var q) ? q.GetString() : null;
    }

    /// <summary>Polls (bounded) until the condition holds; false when it never did.</summary>
    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // The health endpoint is not listening yet.
            }
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>Forwards connections on 127.0.0.1:<c>port</c> to the real server while it exists: the server is "up".</summary>
    private sealed class TcpProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        public TcpProxy(int port, string host, int targetPort)
        {
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
            _ = AcceptAsync(host, targetPort);
        }

        private async Task AcceptAsync(string host, int port)
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = PumpAsync(client, host, port);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task PumpAsync(TcpClient client, string host, int port)
        {
            using (client)
            using (var target = new TcpClient())
            {
                try
                {
                    await target.ConnectAsync(host, port, _stop.Token);
                    await Task.WhenAny(
                        client.GetStream().CopyToAsync(target.GetStream(), _stop.Token),
                        target.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
                {
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
