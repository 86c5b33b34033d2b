namespace MailGuard.Core;

/// <summary>
/// The step between the spool and delivery where content is judged. The relay's inspect worker calls it once per
/// accepted message; a pass-through implementation stands in until Scan and Decide are wired in.
/// </summary>
public interface IMessageInspector
{
    /// <summary>
    /// Judges one spooled message. <paramref name="openMessage"/> opens a fresh read-only stream over the spooled
    /// bytes (trace header included) each time it is called. Throwing means "could not judge": the relay then holds
    /// the message (fail closed), it never passes it.
    /// </summary>
    Task<Inspection> InspectAsync(Envelope envelope, Func<Stream> openMessage, CancellationToken cancellationToken);
}

/// <summary>What the relay does after inspection.</summary>
public enum InspectionOutcome
{
    /// <summary>Deliver to the envelope recipients (plus <see cref="Inspection.ExtraRecipients"/>), with <see cref="Inspection.AddedHeaders"/> prepended.</summary>
    Deliver,

    /// <summary>The inspector has durably taken the message (quarantined or rejected with a notice); the spool entry can go.</summary>
    Consumed,
}

/// <summary>The result of <see cref="IMessageInspector.InspectAsync"/>.</summary>
/// <param name="Outcome">Deliver or consumed.</param>
/// <param name="AddedHeaders">Complete header fields (<c>X-MailGuard-Verdict: pass</c>, no line ending) to prepend when delivering.</param>
/// <param name="ExtraRecipients">Further recipients for the delivery (a compliance BCC), or empty.</param>
public sealed record Inspection(InspectionOutcome Outcome, IReadOnlyList<string> AddedHeaders, IReadOnlyList<string> ExtraRecipients)
{
    /// <summary>Deliver unchanged.</summary>
    public static Inspection Deliver(params string[] addedHeaders) => new(InspectionOutcome.Deliver, addedHeaders, []);

    /// <summary>The inspector took the message.</summary>
    public static readonly Inspection Consumed = new(InspectionOutcome.Consumed, [], []);
}
