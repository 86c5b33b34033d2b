using System.Net;
using System.Net.Sockets;
using System.Text;
using MailGuard.Core;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailGuard.Tests.Receive;

/// <summary>An <c>smtps://</c> endpoint (RFC 8314, port 465): TLS from the first byte, next to a plain endpoint.</summary>
public sealed class ImplicitTlsTests
{
    private TestCertificate _certificate = null!;

    [SetUp]
    public void CreateCertificate() => _certificate = new TestCertificate();

    [TearDown]
    public void DeleteCertificate() => _certificate.Dispose();

    /// <summary>A plain endpoint and an implicit-TLS one; loopback is outside the allowed networks, so only AUTH relays.</summary>
    private Task<ReceiveHost> StartAsync()
    {
        var settings = _certificate.Settings();
        settings["Receive:Endpoints:0"] = "127.0.0.1:0";
        settings["Receive:Endpoints:1"] = "smtps://127.0.0.1:0";
        settings["Receive:AllowedNetworks:0"] = "192.0.2.0/24";
        settings["Receive:Users:0:Name"] = "scanner";
        settings["Receive:Users:0:PasswordHash"] = PasswordHash.Create("correct horse", iterations: 1000);
        return ReceiveHost.StartAsync(settings);
    }

    [Test]
    public async Task A_client_with_tls_on_connect_authenticates_and_relays()
    {
        await using var host = await StartAsync();
        using var client = ReceiveAuthTests.Client();

        await client.ConnectAsync("127.0.0.1", host.Status.Endpoints[1].Port, SecureSocketOptions.SslOnConnect);
        Assert.That(client.IsSecure, Is.True);
        Assert.That(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS), Is.False, "already TLS: no STARTTLS on offer");
        Assert.That(client.AuthenticationMechanisms, Does.Contain("PLAIN"), "AUTH at once, without STARTTLS");
        await client.AuthenticateAsync(new NetworkCredential("scanner", "correct horse"));
        await client.SendAsync(ReceiveAuthTests.Message());
        await client.DisconnectAsync(quit: true);

        var spooled = host.Recorded.Messages.Single();
        Assert.That(spooled.Envelope.AuthenticatedUser, Is.EqualTo("scanner"));
        Assert.That(Encoding.ASCII.GetString(spooled.TraceHeader), Does.Contain(" with ESMTPSA id "));
    }

    [Test]
    public async Task A_plain_client_on_the_tls_port_gets_no_greeting_and_is_disconnected()
    {
        await using var host = await StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.Status.Endpoints[1].Port));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // A client that speaks first in plain text (as a pipelining or impatient one would): its bytes are no TLS hello.
        await socket.SendAsync(Encoding.ASCII.GetBytes("EHLO client.example\r\n"), SocketFlags.None, timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed with unread bytes in the server's buffer: a reset instead of an orderly close.
        }

        Assert.That(Encoding.ASCII.GetString(received.ToArray()), Does.Not.Contain("220").And.Not.Contain("250"), "nothing in plain text");
        Assert.That(host.Recorded.Messages, Is.Empty);
    }

    [Test]
    public async Task A_mail_client_without_tls_on_the_tls_port_fails_to_connect()
    {
        await using var host = await StartAsync();
        using var client = new SmtpClient { Timeout = 5_000 };

        // It waits for a greeting that never comes in plain text; the server waits for a TLS hello. Neither gets one.
        Assert.That(async () => await client.ConnectAsync("127.0.0.1", host.Status.Endpoints[1].Port, SecureSocketOptions.None),
            Throws.InstanceOf<TimeoutException>().Or.InstanceOf<IOException>().Or.InstanceOf<SmtpProtocolException>());
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task The_plain_endpoint_next_to_it_still_offers_starttls()
    {
        await using var host = await StartAsync();
        using var client = ReceiveAuthTests.Client();

        await client.ConnectAsync("127.0.0.1", host.Status.Endpoints[0].Port, SecureSocketOptions.None);

        Assert.That(client.IsSecure, Is.False);
        Assert.That(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS), Is.True);
        await client.DisconnectAsync(quit: true);
    }
}
