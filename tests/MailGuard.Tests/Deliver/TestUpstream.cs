using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MailGuard.Tests.Deliver;

/// <summary>One message as the upstream server received it.</summary>
/// <param name="Bytes">The message content: SmtpServer's buffer plus the CRLF that it counts as part of CRLF.CRLF.</param>
/// <param name="SessionId">The SMTP session it came in on.</param>
/// <param name="Secure">True when the session was under TLS (STARTTLS) when the message came.</param>
internal sealed record ReceivedMessage(string MailFrom, IReadOnlyList<string> Recipients, byte[] Bytes, Guid SessionId, bool Secure = false);

/// <summary>
/// A real SMTP server on 127.0.0.1 standing in for the upstream MTA: records envelope and bytes of every message,
/// and answers per recipient as scripted (e.g. 550 for one address, 451 for another); can be stopped and restarted
/// on the same port to play "down".
/// </summary>
internal sealed class TestUpstream : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    public TestUpstream(int? port = null) => Port = port ?? FreePort();

    /// <summary>When set (before <see cref="StartAsync"/>), the server offers STARTTLS with this certificate.</summary>
    public X509Certificate2? Certificate { get; init; }

    public int Port { get; }

    /// <summary>Reply per recipient address (lower case); absent means 250. Changed between attempts by tests.</summary>
    public ConcurrentDictionary<string, SmtpResponse> RecipientReplies { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reply at end of DATA; null means 250.</summary>
    public SmtpResponse? DataReply { get; set; }

    public IReadOnlyList<ReceivedMessage> Received => [.. _received];

    /// <summary>SMTP sessions that delivered at least one message (connection reuse keeps this low).</summary>
    public int Sessions => Received.Select(m => m.SessionId).Distinct().Count();

    public static SmtpResponse Reply(int code, string text) => new((SmtpReplyCode)code, text);

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task<TestUpstream> StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("upstream.example.org")
            .Endpoint(b =>
            {
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (Certificate is not null)
                {
                    b.Certificate(Certificate);
                }
            })
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        await WaitUntilListeningAsync();
        return this;
    }

    public async Task StopAsync()
    {
        if (_stop is null || _running is null)
        {
            return;
        }
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _stop = null;
        _running = null;
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> messages have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForAsync(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (_received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return Received;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilListeningAsync()
    {
        // Normally listening at the first probe; 30 s only bounds how long a server that never starts takes to fail.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline;)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(10);
            }
        }
        throw new InvalidOperationException($"test upstream did not start on port {Port}");
    }

    private static string Address(IMailbox mailbox) =>
        string.IsNullOrEmpty(mailbox.User) ? "" : $"{mailbox.User}@{mailbox.Host}";

    private sealed class Store(TestUpstream upstream) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (upstream.DataReply is { } reply)
            {
                return Task.FromResult(reply);
            }
            upstream._received.Enqueue(new ReceivedMessage(Address(transaction.From), [.. transaction.To.Select(Address)], [.. buffer.ToArray(), .. "\r\n"u8], context.SessionId, context.Pipe.IsSecure));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Filter(TestUpstream upstream) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (upstream.RecipientReplies.TryGetValue(Address(to), out var reply))
            {
                throw new SmtpResponseException(reply);
            }
            return Task.FromResult(true);
        }
    }
}
