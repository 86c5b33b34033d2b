using System.Text;
using MailGuard.Deliver;
using MailKit.Net.Smtp;
using MimeKit;
using MimeKit.IO;

namespace MailGuard.Tests.Deliver;

public sealed class RawMessagePartTests
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes(
        ".starts with a dot\r\nSubject: dots\r\n\r\n..two\r\n.\r\nx.y\r\n\n.bare LF\r\n" +
        string.Concat(Enumerable.Range(0, 40).Select(i => (i % 3 == 0 ? "." : "") + new string('a', i) + "\r\n")) + ".last\r\n");

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(4096)]
    public async Task DATA_gets_the_same_bytes_as_from_MailKits_own_stuffing_however_the_file_is_read(int chunk)
    {
        var part = new RawMessagePart(() => new Trickle(Message, chunk), Message.Length, eightBit: false, endsWithCrLf: true);
        using var sent = new MemoryStream();
        await using (var data = new FilteredStream(sent))
        {
            data.Add(new SmtpDataFilter());
            await part.WriteToAsync(FormatOptions.Default, data, contentOnly: false);
            await data.FlushAsync();
        }

        Assert.That(Encoding.ASCII.GetString(sent.ToArray()), Is.EqualTo(Encoding.ASCII.GetString(MailKitStuffed(Message))));
    }

    [Test]
    public async Task Outside_DATA_the_bytes_are_written_as_they_are()
    {
        var part = new RawMessagePart(() => new MemoryStream(Message), Message.Length, eightBit: false, endsWithCrLf: true);
        using var written = new MemoryStream();

        await part.WriteToAsync(FormatOptions.Default, written, contentOnly: false);

        Assert.That(written.ToArray(), Is.EqualTo(Message));
    }

    private static byte[] MailKitStuffed(byte[] message)
    {
        using var sent = new MemoryStream();
        using (var data = new FilteredStream(sent))
        {
            data.Add(new SmtpDataFilter());
            data.Write(message);
            data.Flush();
        }
        return sent.ToArray();
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, so a dot can come right after a chunk that ended a line.</summary>
    private sealed class Trickle(byte[] bytes, int chunk) : MailGuard.Core.ReadOnlyStream
    {
        private int _at;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), bytes.Length - _at);
            Array.Copy(bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }
    }
}
