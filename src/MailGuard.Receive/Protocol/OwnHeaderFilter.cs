namespace MailGuard.Receive.Protocol;

/// <summary>
/// Removes every <c>X-MailGuard-*</c> field (with its continuation lines) from the top-level header block of a
/// message as it streams into the spool. Those names are MailGuard's own: a verdict or queue id that arrives with
/// the message was forged by the sender or left by an earlier hop, and the upstream, reviewers and notices would
/// otherwise trust it next to the real one. The body, and headers of attached messages, pass untouched.
/// </summary>
internal sealed class OwnHeaderFilter
{
    /// <summary>Longest run of bytes held back between two chunks: a field name that may still turn out to be ours.</summary>
    public const int MaxHeldBack = 11;

    private static readonly byte[] Prefix = "x-mailguard-"u8.ToArray();

    private readonly byte[] _name = new byte[MaxHeldBack];
    private State _state = State.LineStart;
    private bool _dropping;
    private int _matched;

    private enum State
    {
        LineStart,
        Name,
        Line,
        Body,
    }

    /// <summary>How many header fields were removed so far.</summary>
    public int Removed { get; private set; }

    /// <summary>
    /// Filters the next piece of the message. Returns <paramref name="chunk"/> itself once the body is reached, else
    /// the kept bytes copied into <paramref name="scratch"/>, which must hold <c>chunk.Length + MaxHeldBack</c> bytes.
    /// </summary>
    public ReadOnlyMemory<byte> Filter(ReadOnlyMemory<byte> chunk, byte[] scratch)
    {
        if (_state == State.Body)
        {
            return chunk;
        }
        var input = chunk.Span;
        var kept = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            switch (_state)
            {
                case State.LineStart when b is (byte)'\r' or (byte)'\n':
                    // The empty line: the header block is over, the rest is body.
                    _state = State.Body;
                    input[i..].CopyTo(scratch.AsSpan(kept));
                    return scratch.AsMemory(0, kept + input.Length - i);
                case State.LineStart when b is (byte)' ' or (byte)'\t':
                    // A continuation line belongs to the field above it and shares its fate.
                    _state = State.Line;
                    kept = Keep(b, scratch, kept);
                    break;
                case State.LineStart:
                    _state = State.Name;
                    _dropping = false;
                    _matched = 0;
                    kept = Match(b, scratch, kept);
                    break;
                case State.Name:
                    kept = Match(b, scratch, kept);
                    break;
                default:
                    if (b == (byte)'\n')
                    {
                        _state = State.LineStart;
                    }
                    kept = Keep(b, scratch, kept);
                    break;
            }
        }
        return scratch.AsMemory(0, kept);
    }

    private int Match(byte b, byte[] scratch, int kept)
    {
        var lower = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
        if (lower == Prefix[_matched])
        {
            if (++_matched == Prefix.Length)
            {
                _state = State.Line;
                _dropping = true;
                Removed++;
            }
            else
            {
                _name[_matched - 1] = b;
            }
            return kept;
        }
        // Not ours after all: give back what was held and go on with the line.
        _name.AsSpan(0, _matched).CopyTo(scratch.AsSpan(kept));
        kept += _matched;
        _state = b == (byte)'\n' ? State.LineStart : State.Line;
        scratch[kept] = b;
        return kept + 1;
    }

    private int Keep(byte b, byte[] scratch, int kept)
    {
        if (_dropping)
        {
            return kept;
        }
        scratch[kept] = b;
        return kept + 1;
    }
}
