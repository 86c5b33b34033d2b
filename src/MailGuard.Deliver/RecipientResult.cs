namespace MailGuard.Deliver;

/// <summary>Where a recipient stands after an attempt.</summary>
public enum RecipientStatus
{
    /// <summary>Not tried yet, or tried and failed transiently.</summary>
    Pending,

    /// <summary>The upstream server took responsibility (250).</summary>
    Delivered,

    /// <summary>Failed for good (5xx, or the queue lifetime ran out); a DSN went to the sender.</summary>
    Bounced,
}

/// <summary>What one attempt did for one recipient.</summary>
/// <param name="Recipient">The envelope recipient.</param>
/// <param name="Status">Delivered, pending (transient failure, try again) or bounced (permanent failure).</param>
/// <param name="Code">The SMTP reply code, or 0 when there was no reply (connection error, timeout).</param>
/// <param name="EnhancedStatus">The RFC 3463 status: the server's, or one derived from the failure.</param>
/// <param name="Reply">The reply text (or MailGuard's description of the failure) for the DSN.</param>
public sealed record RecipientResult(string Recipient, RecipientStatus Status, int Code, string EnhancedStatus, string Reply);
