namespace MailGuard.Core;

/// <summary>What the SMTP session said about a message: who sent it, to whom, from where.</summary>
/// <param name="Id">The queue id given in the 250 reply.</param>
/// <param name="MailFrom">The MAIL FROM address; empty for the null reverse-path.</param>
/// <param name="Recipients">The RCPT TO addresses, in the order given.</param>
/// <param name="ClientAddress">The socket peer's IP address, or null when not received over SMTP.</param>
/// <param name="AuthenticatedUser">The AUTH user name, or null.</param>
/// <param name="ReceivedAt">When the message was accepted.</param>
/// <param name="Helo">The HELO/EHLO name the client gave, or null.</param>
public sealed record Envelope(
    SpoolId Id,
    string MailFrom,
    IReadOnlyList<string> Recipients,
    string? ClientAddress,
    string? AuthenticatedUser,
    DateTimeOffset ReceivedAt,
    string? Helo = null);
