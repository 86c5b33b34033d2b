using System.Net;
using System.Text;
using MailGuard.Core;
using MailGuard.Receive.Protocol;
using SmtpServer.Mail;

namespace MailGuard.Tests.Receive;

public sealed class MessageDataTests
{
    [TestCase("alice", "example.com", "alice@example.com")]
    [TestCase("john smith", "example.org", "\"john smith\"@example.org")]
    [TestCase("", "", "")]
    public void Envelope_addresses_keep_quotes_where_a_local_part_needs_them(string user, string host, string expected) =>
        Assert.That(MessageData.Address(new Mailbox(user, host)), Is.EqualTo(expected));

    [Test]
    public void The_trace_header_names_helo_client_server_protocol_id_and_date()
    {
        var id = new SpoolId("0000000000BCDFGHJK");
        var at = new DateTimeOffset(2026, 11, 26, 21, 5, 9, TimeSpan.FromHours(9));

        var header = Encoding.ASCII.GetString(TraceHeader.Build("pc1(evil)\r\nX: y", IPAddress.Parse("2001:db8::25"), "mx.example.com", esmtp: true, tls: true, authenticated: true, id, at));

        Assert.That(header, Is.EqualTo(
            "Received: from pc1evilX:y ([IPv6:2001:db8::25])\r\n\tby mx.example.com (MailGuard) with ESMTPSA id 0000000000BCDFGHJK;\r\n\tThu, 26 Nov 2026 12:05:09 +0000\r\n"));
    }

    [Test]
    public void A_client_without_helo_is_unknown_and_plain_smtp() =>
        Assert.That(Encoding.ASCII.GetString(TraceHeader.Build(null, IPAddress.Loopback, "mx", esmtp: false, tls: false, authenticated: false, new SpoolId("0000000000BCDFGHJK"), DateTimeOffset.UnixEpoch)),
            Does.StartWith("Received: from unknown ([127.0.0.1])\r\n\tby mx (MailGuard) with SMTP id"));
}
