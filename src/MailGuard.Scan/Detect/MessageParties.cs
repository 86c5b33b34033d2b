using MailGuard.Scan.Extract;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Who a message is between: the envelope sender and recipients, and the mailboxes (with display names) of the
/// top-level From/To/Cc/Bcc headers.
/// </summary>
/// <param name="Sender">The envelope sender (MAIL FROM), or the From address when there is no envelope.</param>
/// <param name="Recipients">The envelope recipients, or To/Cc/Bcc when there is no envelope.</param>
/// <param name="HeaderMailboxes">Every mailbox of the top-level From/To/Cc/Bcc headers.</param>
public sealed record MessageParties(string Sender, IReadOnlyList<string> Recipients, IReadOnlyList<MailboxRef> HeaderMailboxes);
