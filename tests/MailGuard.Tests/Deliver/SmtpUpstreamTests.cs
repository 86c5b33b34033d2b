using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailGuard.Deliver;
using MailGuard.Spool;
using MailGuard.Tests.Receive;
using MailGuard.Tests.Spool;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailGuard.Tests.Deliver;

/// <summary>The upstream connection as it is really used: TLS over the gathering stream, large bodies, a server that stops answering.</summary>
public sealed class SmtpUpstreamTests
{
    private SpoolFixture _spool = null!;

    [SetUp]
    public void SetUp() => _spool = new SpoolFixture();

    [TearDown]
    public void TearDown() => _spool.Dispose();

    [Test]
    public async Task Messages_go_through_STARTTLS_byte_for_byte_on_one_connection()
    {
        using var certificate = SelfSigned();
        await using var server = await new TestUpstream { Certificate = certificate }.StartAsync();
        // Larger than the stream's 64 KB buffer, with lines to dot-stuff, so the body crosses several TLS records and sends.
        var body = Message(3000);
        await using var upstream = Create(server.Port, DeliverSecurity.StartTlsWhenAvailable);

        var first = await upstream.SendAsync(await SpooledAsync(body), ["tanaka@example.org"], CancellationToken.None);
        var second = await upstream.SendAsync(await SpooledAsync(body), ["suzuki@example.net"], CancellationToken.None);

        Assert.That(first.Concat(second).Select(r => r.Status), Is.All.EqualTo(RecipientStatus.Delivered));
        Assert.That(server.Received, Has.Count.EqualTo(2));
        Assert.That(server.Received.Select(m => m.Secure), Is.All.True);
        Assert.That(server.Received.Select(m => m.Bytes), Is.All.EqualTo(SpoolFixture.Trace.Concat(body).ToArray()));
        Assert.That(server.Sessions, Is.EqualTo(1));
    }

    [Test]
    public async Task A_server_that_stops_answering_is_a_transient_timeout_and_its_connection_is_closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var silent = SilentAfterEhloAsync(listener);
        await using var upstream = Create(((IPEndPoint)listener.LocalEndpoint).Port, DeliverSecurity.None, commandTimeout: TimeSpan.FromSeconds(1));

        var results = await upstream.SendAsync(await SpooledAsync(Message(10)), ["tanaka@example.org"], CancellationToken.None);

        Assert.That(results.Single().Status, Is.EqualTo(RecipientStatus.Pending));
        Assert.That(results.Single().EnhancedStatus, Is.EqualTo("4.4.2"));
        // The server's read loop ends only when the relay has closed its side.
        Assert.That(await Task.WhenAny(silent, Task.Delay(TimeSpan.FromSeconds(30))), Is.SameAs(silent));
    }

    /// <summary>Greets and answers EHLO, then reads and never replies, like a server that hangs mid-transaction.</summary>
    private static async Task SilentAfterEhloAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("220 silent.example.org ESMTP\r\n"u8.ToArray());
        var buffer = new byte[4096];
        var answered = false;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (!answered && Encoding.ASCII.GetString(buffer, 0, read).StartsWith("EHLO", StringComparison.Ordinal))
            {
                answered = true;
                await stream.WriteAsync("250-silent.example.org\r\n250 PIPELINING\r\n"u8.ToArray());
            }
        }
    }

    private SmtpUpstream Create(int port, DeliverSecurity security, TimeSpan? commandTimeout = null) => new(new DeliverOptions
    {
        Host = "127.0.0.1",
        Port = port,
        Security = security,
        LocalDomain = "mailguard.example.com",
        ConnectTimeout = TimeSpan.FromSeconds(5),
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(10),
    }, NullLogger.Instance);

    private async Task<SpoolEntry> SpooledAsync(byte[] message)
    {
        var envelope = await _spool.AcceptAsync(message);
        return _spool.Store.TryOpen(SpoolQueue.Incoming, envelope.Id)!;
    }

    private static byte[] Message(int lines)
    {
        var text = new StringBuilder("From: sato@example.com\r\nTo: tanaka@example.org\r\nSubject: figures\r\n\r\n");
        for (var i = 0; i < lines; i++)
        {
            text.Append(i % 7 == 0 ? ".a line that starts with a dot " : "Line ").Append(i).Append(" of the figures, nothing personal\r\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static X509Certificate2 SelfSigned()
    {
        using var files = new TestCertificate();
        return X509Certificate2.CreateFromPemFile(files.CertificateFile, files.KeyFile);
    }
}
