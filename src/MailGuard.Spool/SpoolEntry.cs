using MailGuard.Core;

namespace MailGuard.Spool;

/// <summary>A checked spool file: its envelope, and the message bytes to read as often as needed.</summary>
public sealed class SpoolEntry
{
    private readonly string _path;
    private readonly long _offset;

    internal SpoolEntry(SpoolQueue queue, string path, SpoolEntryInfo info)
    {
        Queue = queue;
        _path = path;
        _offset = info.MessageOffset;
        Envelope = info.Envelope;
        MessageLength = info.MessageLength;
    }

    public SpoolQueue Queue { get; }

    public Envelope Envelope { get; }

    /// <summary>The message size in bytes (trace header included).</summary>
    public long MessageLength { get; }

    /// <summary>A fresh read-only stream over the message bytes; the caller disposes it.</summary>
    public Stream OpenMessage() => new SpoolMessageStream(_path, _offset, MessageLength);
}
