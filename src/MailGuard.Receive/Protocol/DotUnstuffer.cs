namespace MailGuard.Receive.Protocol;

/// <summary>
/// Reads DATA as the client sends it, in pieces of any size: finds the end (<c>CRLF.CRLF</c>, or <c>.CRLF</c> as
/// the very first line), removes the dot that stuffs a line starting with a period (RFC 5321 4.5.2), and notices
/// bare CR or LF. The message it writes keeps the CRLF before the final dot: it ends the last line (RFC 5321 4.1.1.4).
/// </summary>
internal sealed class DotUnstuffer
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Dot = (byte)'.';

    private State _state = State.LineStart;

    private enum State
    {
        LineStart,
        Middle,
        AfterCr,
        LeadingDot,
        LeadingDotCr,
        Ended,
    }

    /// <summary>True once the final <c>.CRLF</c> has been read.</summary>
    public bool Ended => _state == State.Ended;

    /// <summary>
    /// True when a CR not followed by LF, or an LF not preceded by CR, occurred. SmtpServer ends DATA only on
    /// <c>CRLF.CRLF</c> and so does this, but a later hop (MailKit sends bare CR as is, others treat bare LF as a
    /// line end) could read <c>LF.LF</c> or <c>CR.CR</c> as the end of data and the rest as a second, smuggled
    /// message (CVE-2023-51764). Once true, what is written no longer matters: the message will be refused.
    /// </summary>
    public bool HasBareLineEnding { get; private set; }

    /// <summary>
    /// Unstuffs <paramref name="source"/> into <paramref name="destination"/>, which must be at least as long.
    /// Returns how much of the source was read: all of it, or less when the end of data came first (then
    /// <see cref="Ended"/>, and the rest belongs to the next command).
    /// </summary>
    public int Unstuff(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("the destination must be at least as long as the source", nameof(destination));
        }
        var read = 0;
        written = 0;
        while (read < source.Length && _state != State.Ended)
        {
            var b = source[read];
            switch (_state)
            {
                case State.LineStart when b == Dot:
                    _state = State.LeadingDot;
                    read++;
                    continue;
                case State.LeadingDot when b == Cr:
                    _state = State.LeadingDotCr;
                    read++;
                    continue;
                case State.LeadingDotCr when b == Lf:
                    _state = State.Ended;
                    read++;
                    continue;
                case State.AfterCr when b == Lf:
                    destination[written++] = Lf;
                    _state = State.LineStart;
                    read++;
                    continue;
                case State.LeadingDotCr or State.AfterCr:
                    // ".CR x" or "CR x": a CR without its LF. The stuffing dot and the CR are not written; it is refused anyway.
                    HasBareLineEnding = true;
                    break;
            }
            // In the middle of a line (a leading dot other than the end is stuffing and stays dropped): copy up to
            // and including the next CR or LF in one go.
            var rest = source[read..];
            var at = rest.IndexOfAny(Cr, Lf);
            var run = at < 0 ? rest.Length : at + 1;
            rest[..run].CopyTo(destination[written..]);
            (read, written) = (read + run, written + run);
            if (at < 0)
            {
                _state = State.Middle;
            }
            else if (rest[at] == Cr)
            {
                _state = State.AfterCr;
            }
            else
            {
                HasBareLineEnding = true; // every CRLF pair is taken by AfterCr, so this LF has no CR before it
                _state = State.Middle;
            }
        }
        return read;
    }
}
