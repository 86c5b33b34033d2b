using System.Collections.Concurrent;
using MailGuard.Core;

namespace MailGuard.Tests;

/// <summary>A delivery queue that keeps what it is given, for tests that do not run the relay.</summary>
internal sealed class RecordingDeliveryQueue : IDeliveryQueue
{
    public ConcurrentQueue<(Envelope Envelope, byte[] Bytes)> Queued { get; } = new();

    public async Task EnqueueAsync(Envelope envelope, Stream message, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await message.CopyToAsync(copy, cancellationToken);
        Queued.Enqueue((envelope, copy.ToArray()));
    }
}
