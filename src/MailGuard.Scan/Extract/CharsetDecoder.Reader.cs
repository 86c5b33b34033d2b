using System.Text;

namespace MailGuard.Scan.Extract;

/// <summary>Text that is only read once, front to back (HTML on its way to the tokenizer), decoded as it is read.</summary>
internal static partial class CharsetDecoder
{
    /// <summary>
    /// The text of <c>bytes[..length]</c>, charset judged as <see cref="Decode(ReadOnlySpan{byte}, string?, out string?, int)"/>
    /// judges it, as a reader that decodes while it is read: the text never exists as a string of its own. False, and no
    /// reader, when the text is empty or might run past <paramref name="maxChars"/> (the caller decodes it and cuts it).
    /// </summary>
    public static bool TryReader(byte[] bytes, int length, string? label, int maxChars, out TextReader reader, out string? problem)
    {
        reader = TextReader.Null;
        problem = null;
        if (length == 0)
        {
            return false;
        }
        var source = new SpanSource(bytes.AsSpan(0, length));
        var choice = Choose(ref source, label);
        if (choice.Encoding.GetMaxCharCount(length - choice.Skip) > maxChars)
        {
            return false;
        }
        problem = choice.Problem;
        reader = new DecodingReader(choice.Encoding.GetDecoder(), bytes, choice.Skip, length);
        return true;
    }

    /// <summary>
    /// Decodes <c>bytes[start..end]</c> into whatever the reader is asked for: all of it without flushing, then one flush
    /// for what the decoder still holds, so the characters are those <see cref="Encoding.GetString(byte[])"/> gives. Flushing
    /// earlier would be wrong: a call that fills the buffer mid-text would reset ISO-2022-JP's shift state with bytes
    /// still to come. The caller keeps the bytes until it is done reading.
    /// </summary>
    private sealed class DecodingReader(Decoder decoder, byte[] bytes, int start, int end) : TextReader
    {
        private int _position = start;
        private bool _done;
        private char? _carried;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }
            if (_carried is { } carried)
            {
                buffer[0] = carried;
                _carried = null;
                return 1;
            }
            if (buffer.Length == 1)
            {
                // A decoder will not split a surrogate pair: decode two and keep the second for the next read.
                Span<char> pair = stackalloc char[2];
                var read = Read(pair);
                if (read == 2)
                {
                    _carried = pair[1];
                }
                if (read > 0)
                {
                    buffer[0] = pair[0];
                }
                return Math.Min(read, 1);
            }
            while (!_done)
            {
                var flush = _position == end;
                decoder.Convert(bytes.AsSpan(_position, end - _position), buffer, flush, out var used, out var produced, out var completed);
                _position += used;
                // Flushed with nothing left, or stuck (not one character fits): the text has ended either way.
                _done = (flush && (completed || produced == 0)) || (used == 0 && produced == 0);
                if (produced > 0)
                {
                    return produced;
                }
            }
            return 0;
        }
    }
}
