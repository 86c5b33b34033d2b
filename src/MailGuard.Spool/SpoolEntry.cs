using System.Text;
using MailGuard.Core;

namespace MailGuard.Spool;

/// <summary>
/// A checked spool file: its envelope, and the message bytes to read as often as needed. Past <c>incoming</c>, the
/// inspection record is applied: its headers come first in <see cref="OpenMessage"/> and its recipients join the envelope.
/// </summary>
public sealed class SpoolEntry
{
    private readonly string _path;
    private readonly long _offset;
    private readonly long _storedLength;
    private readonly byte[] _prefix;

    internal SpoolEntry(SpoolQueue queue, string path, SpoolEntryInfo info)
    {
        Queue = queue;
        Info = info;
        _path = path;
        _offset = info.MessageOffset;
        _storedLength = info.MessageLength;
        MessageEnd = info.MessageEnd;
        HasInspectionTail = info.HasTail;
        var record = queue == SpoolQueue.Incoming ? null : info.Inspection;
        _prefix = record is null ? [] : Encoding.UTF8.GetBytes(string.Concat(record.Headers.Select(h => h + "\r\n")));
        Envelope = record is null || record.Recipients.Count == 0
            ? info.Envelope
            : info.Envelope with { Recipients = [.. info.Envelope.Recipients.Concat(record.Recipients).Distinct(StringComparer.OrdinalIgnoreCase)] };
        MessageLength = _prefix.Length + info.MessageLength;
        HasEightBitBytes = info.EightBit || _prefix.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
        EndsWithCrLf = info.MessageLength == 0 ? _prefix.Length > 0 : info.EndsWithCrLf;
    }

    public SpoolQueue Queue { get; }

    public Envelope Envelope { get; }

    /// <summary>The message size in bytes (trace header and any inspection headers included).</summary>
    public long MessageLength { get; }

    /// <summary>True when a message byte is above 0x7F (delivery asks for 8BITMIME).</summary>
    public bool HasEightBitBytes { get; }

    /// <summary>True when the message's last line is complete.</summary>
    public bool EndsWithCrLf { get; }

    /// <summary>Where the message's own trailer ends in the file; an inspection record starts here.</summary>
    internal long MessageEnd { get; }

    /// <summary>True when an inspection record (whole or torn) follows the message in the file.</summary>
    internal bool HasInspectionTail { get; }

    /// <summary>What the checking read (or the writer) learned of the file.</summary>
    internal SpoolEntryInfo Info { get; }

    /// <summary>A fresh read-only stream over the message bytes; the caller disposes it.</summary>
    public Stream OpenMessage() => new SpoolMessageStream(_path, _offset, _storedLength, _prefix);
}
