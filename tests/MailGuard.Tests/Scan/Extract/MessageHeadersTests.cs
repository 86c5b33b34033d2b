using System.Text;
using MailGuard.Scan.Extract;
using MimeKit;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>The top-level headers as the detectors read them: every address header, groups flattened, in a fixed order.</summary>
public sealed class MessageHeadersTests
{
    [Test]
    public void Header_text_lists_every_address_header_and_the_subject()
    {
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(
            "From: Mia Lund <mia.lund@example.com>\r\nSender: assistant@example.com\r\n"
            + "Reply-To: Team: Kai Berg <kai@example.com>, ops@example.com;\r\n"
            + "To: bob@example.net, \"Aya Sato\" <aya@example.jp>\r\nBcc: audit@example.org\r\nSubject: Quarterly figures\r\n\r\nHi\r\n")));

        var block = MessageHeaders.Block(message);
        var text = MessageHeaders.Text(message, block);

        Assert.That(text, Is.EqualTo("From: Mia Lund <mia.lund@example.com>\nSender: assistant@example.com\n"
            + "Reply-To: Kai Berg <kai@example.com>, ops@example.com\nTo: bob@example.net, Aya Sato <aya@example.jp>\n"
            + "Bcc: audit@example.org\nSubject: Quarterly figures"));
        Assert.That(block.Cc, Is.Empty);
        Assert.That(block.To, Is.EqualTo(new[] { new MailboxRef(null, "bob@example.net"), new MailboxRef("Aya Sato", "aya@example.jp") }));
    }

    [Test]
    public void Header_text_without_a_subject_ends_with_its_last_address_line()
    {
        var message = MimeMessage.Load(new MemoryStream("From: a@example.com\r\nCc: c@example.org\r\n\r\nHi\r\n"u8.ToArray()));

        Assert.That(MessageHeaders.Text(message, MessageHeaders.Block(message)), Is.EqualTo("From: a@example.com\nCc: c@example.org"));
    }
}
