using System.Buffers;
using SmtpServer.Mail;

namespace MailGuard.Receive.Protocol;

/// <summary>The DATA bytes as SmtpServer hands them over (dot-unstuffed, cut before the final <c>CRLF.CRLF</c>).</summary>
internal static class MessageData
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    /// <summary>
    /// True when a CR not followed by LF, or an LF not preceded by CR, occurs. SmtpServer ends DATA only on
    /// <c>CRLF.CRLF</c> but passes bare line ends through; a later hop (MailKit sends bare CR as is, others treat
    /// bare LF as a line end) could read <c>LF.LF</c> or <c>CR.CR</c> as the end of data and the rest as a second,
    /// smuggled message (CVE-2023-51764).
    /// </summary>
    public static bool HasBareLineEnding(ReadOnlySequence<byte> data)
    {
        var pendingCr = false;
        foreach (var memory in data)
        {
            var span = memory.Span;
            var i = 0;
            if (pendingCr && span.Length > 0)
            {
                if (span[0] != Lf)
                {
                    return true;
                }
                (i, pendingCr) = (1, false);
            }
            while (i < span.Length)
            {
                var found = span[i..].IndexOfAny(Cr, Lf);
                if (found < 0)
                {
                    break;
                }
                var at = i + found;
                if (span[at] == Lf)
                {
                    return true; // every CRLF pair is stepped over below, so this LF has no CR before it
                }
                if (at + 1 == span.Length)
                {
                    pendingCr = true;
                    break;
                }
                if (span[at + 1] != Lf)
                {
                    return true;
                }
                i = at + 2;
            }
        }
        // A trailing CR stood just before the terminating CRLF.CRLF: "CR CRLF" holds a bare CR.
        return pendingCr;
    }

    /// <summary>
    /// The message as the client sent it: SmtpServer cuts the data before <c>CRLF.CRLF</c>, but that first CRLF ends
    /// the last line of the message (RFC 5321 4.1.1.4), so it is put back.
    /// </summary>
    public static ReadOnlySequence<byte> WithLastLineEnding(ReadOnlySequence<byte> data)
    {
        Segment? first = null;
        Segment? last = null;
        foreach (var memory in data)
        {
            if (!memory.IsEmpty)
            {
                last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
            }
        }
        ReadOnlyMemory<byte> crlf = "\r\n"u8.ToArray();
        last = last is null ? first = new Segment(crlf, 0) : last.Append(crlf);
        return new ReadOnlySequence<byte>(first!, 0, last, last.Memory.Length);
    }

    /// <summary>
    /// The address for the envelope. SmtpServer strips the quotes of a quoted local part; they are put back when
    /// the local part is not a dot-atom, so the next hop sees the same mailbox.
    /// </summary>
    public static string Address(IMailbox mailbox)
    {
        if (string.IsNullOrEmpty(mailbox.User) && string.IsNullOrEmpty(mailbox.Host))
        {
            return "";
        }
        var user = mailbox.User ?? "";
        var dotAtom = user.Length > 0 && !user.StartsWith('.') && !user.EndsWith('.') && !user.Contains("..", StringComparison.Ordinal)
            && user.All(c => char.IsLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c));
        return dotAtom ? $"{user}@{mailbox.Host}" : $"\"{user}\"@{mailbox.Host}";
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex) => (Memory, RunningIndex) = (memory, runningIndex);

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
