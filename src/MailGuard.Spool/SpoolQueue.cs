namespace MailGuard.Spool;

/// <summary>The spool's queues; each is a directory of the same name (lower case) under the spool root.</summary>
public enum SpoolQueue
{
    /// <summary>Accepted and acknowledged, not yet inspected.</summary>
    Incoming,

    /// <summary>Inspected (or written by MailGuard itself); ready for a delivery attempt now.</summary>
    Active,

    /// <summary>A delivery attempt failed transiently; waits for its next-attempt time.</summary>
    Deferred,

    /// <summary>Inspection failed: kept back for an administrator, never delivered (fail closed).</summary>
    Hold,

    /// <summary>Torn or unreadable files, moved aside on recovery; never deleted by MailGuard.</summary>
    Corrupt,
}
