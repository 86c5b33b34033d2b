using System.Text;
using MailGuard.Receive.Protocol;

namespace MailGuard.Tests.Receive;

public sealed class DotUnstufferTests
{
    private const string Wire =
        "..leading dot on the first line\r\nSubject: x\r\n\r\n..\r\n...two dots\r\n.\rx\r\n" +
        "a line\r\n.x single dot\r\nend\r\n.\r\nMAIL FROM:<next@example.com>\r\n";

    private const string Unstuffed =
        ".leading dot on the first line\r\nSubject: x\r\n\r\n.\r\n..two dots\r\n";

    [TestCase("Subject: x\r\n\r\nbody", false)]
    [TestCase("Subject: x\r\n\r\nbo\ndy", true)]
    [TestCase("Subject: x\r\n\r\nbo\rdy", true)]
    [TestCase("\nstarts with LF", true)]
    [TestCase("ends with CR\r", true)]
    [TestCase("CR LF then CR CR\r\n\r\r", true)]
    [TestCase(".\rdot and a bare CR", true)]
    [TestCase(".\ndot and a bare LF", true)]
    [TestCase("", false)]
    public void Bare_cr_and_lf_are_found_anywhere(string text, bool bare)
    {
        var (message, read, unstuffer) = Run(text + "\r\n.\r\n");

        Assert.That(unstuffer.HasBareLineEnding, Is.EqualTo(bare));
        Assert.That(unstuffer.Ended, Is.True);
        Assert.That(read, Is.EqualTo(Encoding.ASCII.GetByteCount(text) + 5));
        if (!bare)
        {
            Assert.That(message, Is.EqualTo(text + "\r\n"), "the CRLF before the final dot ends the last line");
        }
    }

    [Test]
    public void Stuffing_dots_go_and_the_end_is_the_first_lone_dot_line()
    {
        var clean = Wire.Replace(".\rx\r\n", "", StringComparison.Ordinal).Replace(".x single dot", "..x single dot", StringComparison.Ordinal);

        var (message, read, unstuffer) = Run(clean);

        Assert.That(message, Is.EqualTo(Unstuffed + "a line\r\n.x single dot\r\nend\r\n"));
        Assert.That(unstuffer.HasBareLineEnding, Is.False);
        Assert.That(clean[read..], Is.EqualTo("MAIL FROM:<next@example.com>\r\n"), "what follows the end is the next command's");
    }

    [Test]
    public void A_first_line_of_a_lone_dot_is_an_empty_message()
    {
        var (message, read, unstuffer) = Run(".\r\nQUIT\r\n");

        Assert.That(message, Is.Empty);
        Assert.That(read, Is.EqualTo(3));
        Assert.That(unstuffer.Ended, Is.True);
    }

    [Test]
    public void Without_its_final_dot_the_message_goes_on()
    {
        var (message, read, unstuffer) = Run("Subject: x\r\n\r\nhalf a line\r\n.");

        Assert.That(unstuffer.Ended, Is.False);
        Assert.That(read, Is.EqualTo("Subject: x\r\n\r\nhalf a line\r\n.".Length), "all of it read, the dot waiting for its line end");
        Assert.That(message, Is.EqualTo("Subject: x\r\n\r\nhalf a line\r\n"));
    }

    [Test]
    public void Every_split_of_the_input_gives_the_same_message_end_and_verdict()
    {
        foreach (var wire in new[] { Wire, Wire.Replace(".\rx\r\n", "", StringComparison.Ordinal) })
        {
            var whole = Run(wire);
            for (var cut = 0; cut <= wire.Length; cut++)
            {
                var split = Run(wire[..cut], wire[cut..]);
                Assert.That((split.Message, split.Read, split.Unstuffer.HasBareLineEnding), Is.EqualTo((whole.Message, whole.Read, whole.Unstuffer.HasBareLineEnding)),
                    $"split at {cut}");
            }
            var bytewise = Run([.. wire.Select(c => c.ToString())]);
            Assert.That((bytewise.Message, bytewise.Read), Is.EqualTo((whole.Message, whole.Read)), "one byte at a time");
        }
    }

    [Test]
    public void A_destination_shorter_than_the_source_is_refused() =>
        Assert.That(() => new DotUnstuffer().Unstuff("abc"u8, new byte[2], out _), Throws.ArgumentException);

    /// <summary>Feeds the pieces in order, as reads from the socket; stops at the end of data like the reader does.</summary>
    private static (string Message, int Read, DotUnstuffer Unstuffer) Run(params string[] pieces)
    {
        var unstuffer = new DotUnstuffer();
        var message = new StringBuilder();
        var read = 0;
        foreach (var piece in pieces)
        {
            if (unstuffer.Ended)
            {
                break;
            }
            var source = Encoding.ASCII.GetBytes(piece);
            var destination = new byte[source.Length];
            var consumed = unstuffer.Unstuff(source, destination, out var written);
            message.Append(Encoding.ASCII.GetString(destination, 0, written));
            read += consumed;
        }
        return (message.ToString(), read, unstuffer);
    }
}
