using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGuard.Tests.Relay;

/// <summary>Sends test mail with MailKit, the way a mail client or the company MTA would.</summary>
internal static class RelayClient
{
    public static MimeMessage Message(string subject, string from = "sato@example.com", params string[] to)
    {
        var text = $"From: Sato Hanako <{from}>\r\nTo: {string.Join(", ", to.Length > 0 ? to : ["tanaka@example.org"])}\r\n" +
                   $"Subject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.com>\r\nMIME-Version: 1.0\r\n" +
                   "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
                   "田中様\r\n\r\nお世話になっております。見積書をお送りします。\r\n.\r\n..\r\n-- \r\n佐藤 花子\r\n";
        return MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
    }

    public static async Task SendAsync(int port, MimeMessage message, string from = "sato@example.com", params string[] to)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.SendAsync(message, new MailboxAddress("", from), (to.Length > 0 ? to : ["tanaka@example.org"]).Select(r => new MailboxAddress("", r)));
        await client.DisconnectAsync(true);
    }

    /// <summary>The subject line of a received message (plain ASCII subjects in these tests).</summary>
    public static string Subject(byte[] message)
    {
        var text = Encoding.UTF8.GetString(message);
        var start = text.IndexOf("\r\nSubject: ", StringComparison.Ordinal) + 11;
        return text[start..text.IndexOf("\r\n", start, StringComparison.Ordinal)];
    }
}
