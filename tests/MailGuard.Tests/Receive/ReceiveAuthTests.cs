using MailGuard.Core;
using MailGuard.Receive;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using System.Net;
using System.Text;

namespace MailGuard.Tests.Receive;

public sealed class ReceiveAuthTests
{
    private TestCertificate _certificate = null!;

    [SetUp]
    public void CreateCertificate() => _certificate = new TestCertificate();

    [TearDown]
    public void DeleteCertificate() => _certificate.Dispose();

    /// <summary>Loopback counts as outside: only AUTH can open the relay.</summary>
    private Dictionary<string, string?> OutsideWithUser()
    {
        var settings = _certificate.Settings();
        settings["Receive:AllowedNetworks:0"] = "192.0.2.0/24";
        settings["Receive:Users:0:Name"] = "scanner";
        settings["Receive:Users:0:PasswordHash"] = PasswordHash.Create("correct horse", iterations: 1000);
        return settings;
    }

    internal static MimeMessage Message()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("scanner@example.com"));
        message.To.Add(MailboxAddress.Parse("bob@example.org"));
        message.Subject = "Scan";
        message.Body = new TextPart("plain") { Text = "Attached.\r\n" };
        return message;
    }

    internal static SmtpClient Client() => new() { ServerCertificateValidationCallback = (_, _, _, _) => true };

    [Test]
    public async Task After_starttls_an_authenticated_user_relays_from_outside_the_allowed_networks()
    {
        await using var host = await ReceiveHost.StartAsync(OutsideWithUser());
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.StartTls);
        Assert.That(client.AuthenticationMechanisms, Does.Contain("PLAIN").And.Contain("LOGIN"));

        await client.AuthenticateAsync(new NetworkCredential("scanner", "correct horse"));
        await client.SendAsync(Message());
        await client.DisconnectAsync(quit: true);

        var spooled = host.Recorded.Messages.Single();
        Assert.That(spooled.Envelope.AuthenticatedUser, Is.EqualTo("scanner"));
        Assert.That(Encoding.ASCII.GetString(spooled.TraceHeader), Does.Contain(" with ESMTPSA id "));
    }

    [Test]
    public async Task Auth_login_works_too()
    {
        await using var host = await ReceiveHost.StartAsync(OutsideWithUser());
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.StartTls);

        await client.AuthenticateAsync(new SaslMechanismLogin(new NetworkCredential("SCANNER", "correct horse")));

        Assert.That(client.IsAuthenticated, Is.True);
    }

    [Test]
    public async Task A_wrong_password_is_refused_with_535_and_gives_no_relay()
    {
        await using var host = await ReceiveHost.StartAsync(OutsideWithUser());
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.StartTls);

        var failure = Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new NetworkCredential("scanner", "wrong")));
        Assert.That(failure!.Message, Does.Contain("5.7.8"));

        var refusal = Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message()));
        Assert.That((int)refusal!.StatusCode, Is.EqualTo(550));
        Assert.That(refusal.Message, Does.StartWith("5.7.1 Relay access denied"));
        Assert.That(host.Recorded.Messages, Is.Empty);
    }

    [Test]
    public async Task A_client_that_failed_auth_too_often_is_refused_even_the_right_password()
    {
        var settings = OutsideWithUser();
        settings["Receive:AuthMaxFailures"] = "2";
        await using var host = await ReceiveHost.StartAsync(settings);
        // Two sessions, as a guesser that reconnects would: the count is per client, not per session.
        for (var i = 0; i < 2; i++)
        {
            using var guesser = Client();
            await guesser.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.StartTls);
            Assert.ThrowsAsync<AuthenticationException>(() => guesser.AuthenticateAsync(new NetworkCredential("scanner", $"guess {i}")));
            await guesser.DisconnectAsync(quit: true);
        }

        using var client = Client();
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.StartTls);
        var refusal = Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new NetworkCredential("scanner", "correct horse")));

        Assert.That(refusal!.Message, Does.Contain("5.7.8"));
        Assert.That(client.IsAuthenticated, Is.False);
    }

    [Test]
    public async Task Tls_without_auth_from_outside_is_still_no_relay()
    {
        await using var host = await ReceiveHost.StartAsync(OutsideWithUser());
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.StartTls);

        var refusal = Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message()));

        Assert.That((int)refusal!.StatusCode, Is.EqualTo(550));
        Assert.That(refusal.Message, Does.Contain("use STARTTLS and AUTH"));
    }

    [Test]
    public async Task Auth_is_neither_offered_nor_accepted_before_starttls()
    {
        await using var host = await ReceiveHost.StartAsync(OutsideWithUser());
        await using var smtp = await SmtpScript.ConnectAsync(host.Port);
        await smtp.ReadReplyAsync();

        var ehlo = await smtp.CommandAsync("EHLO client.example");
        var auth = await smtp.CommandAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0scanner\0correct horse")));
        var mail = await smtp.CommandAsync("MAIL FROM:<scanner@example.com>");

        Assert.That(ehlo, Does.Contain("STARTTLS").And.Not.Contain("AUTH"));
        Assert.That(auth, Does.StartWith("530 5.7.0 Must issue a STARTTLS command first"));
        Assert.That(mail, Does.StartWith("550 5.7.1 Relay access denied"));
        Assert.That(await smtp.CommandAsync("NOOP"), Does.StartWith("250"));
    }

    [Test]
    public async Task Auth_on_a_server_without_users_is_refused_even_after_starttls()
    {
        var settings = _certificate.Settings();
        settings["Receive:AllowedNetworks:0"] = "192.0.2.0/24";
        await using var host = await ReceiveHost.StartAsync(settings);
        using var client = new RawCommandClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", host.Port, SecureSocketOptions.StartTls);

        Assert.That(client.AuthenticationMechanisms, Is.Empty);
        // SmtpServer's fallback authenticator accepts anyone; Receive must never let it answer.
        var reply = await client.RawAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0anyone\0anything")));
        Assert.That((int)reply.StatusCode, Is.EqualTo(535));
        Assert.That(reply.Response, Does.StartWith("5.7.8"));
    }

    [Test]
    public async Task Commands_pipelined_after_starttls_in_plaintext_are_dropped_not_run_inside_tls()
    {
        var settings = _certificate.Settings();
        await using var host = await ReceiveHost.StartAsync(settings);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.Port);
        var plain = tcp.GetStream();
        var reader = new StreamReader(plain, Encoding.ASCII);
        Assert.That(await reader.ReadLineAsync(), Does.StartWith("220"));
        await plain.WriteAsync("EHLO client.example\r\n"u8.ToArray());
        while ((await reader.ReadLineAsync())![3] == '-')
        {
        }

        // CVE-2011-0411: the injected MAIL FROM must not become part of the encrypted session.
        await plain.WriteAsync("STARTTLS\r\nMAIL FROM:<alice@example.com>\r\n"u8.ToArray());
        Assert.That(await reader.ReadLineAsync(), Does.StartWith("220"));
        await using var tls = new System.Net.Security.SslStream(plain, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("mx.test.example");
        var secure = new StreamReader(tls, Encoding.ASCII);
        await tls.WriteAsync("RCPT TO:<bob@example.org>\r\n"u8.ToArray());

        Assert.That(await secure.ReadLineAsync(), Does.StartWith("503 5.5.1 Bad sequence of commands"));
    }

    /// <summary>MailKit refuses to send AUTH a server did not offer; this one sends it anyway.</summary>
    private sealed class RawCommandClient : SmtpClient
    {
        public Task<SmtpResponse> RawAsync(string command) => SendCommandAsync(command);
    }
}
