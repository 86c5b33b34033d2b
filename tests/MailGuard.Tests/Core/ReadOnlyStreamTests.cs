using System.Text;
using MailGuard.Core;

namespace MailGuard.Tests.Core;

/// <summary>A read-only stream refuses every write and, unless it seeks, every move; it still reads to the end.</summary>
public sealed class ReadOnlyStreamTests
{
    private sealed class Letters(string text) : ReadOnlyStream
    {
        private readonly MemoryStream _bytes = new(Encoding.ASCII.GetBytes(text));

        public override int Read(byte[] buffer, int offset, int count) => _bytes.Read(buffer, offset, count);
    }

    [Test]
    public void Reads_to_the_end_and_refuses_writing_seeking_and_lengths()
    {
        using var stream = new Letters("forward only");
        using var copy = new MemoryStream();

        stream.CopyTo(copy);

        Assert.That(Encoding.ASCII.GetString(copy.ToArray()), Is.EqualTo("forward only"));
        Assert.That((stream.CanRead, stream.CanSeek, stream.CanWrite), Is.EqualTo((true, false, false)));
        Assert.That(() => stream.Write([1], 0, 1), Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.WriteByte(1), Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.SetLength(0), Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.Seek(0, SeekOrigin.Begin), Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.Position = 0, Throws.InstanceOf<NotSupportedException>());
        Assert.That(() => stream.Length, Throws.InstanceOf<NotSupportedException>());
        Assert.That(stream.Flush, Throws.Nothing);
    }
}
