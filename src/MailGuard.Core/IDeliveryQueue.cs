namespace MailGuard.Core;

/// <summary>
/// Puts a message straight on the delivery queue, past inspection: bounce notices and DSNs that MailGuard writes
/// itself, and mail a reviewer released from quarantine (with its original envelope).
/// </summary>
public interface IDeliveryQueue
{
    /// <summary>Writes the message durably (fsynced) to the delivery queue and returns only then.</summary>
    Task EnqueueAsync(Envelope envelope, Stream message, CancellationToken cancellationToken);
}
