using MailGuard.Core;

namespace MailGuard.Scan.Decide;

/// <summary>An attachment as the MIME structure names it.</summary>
/// <param name="Name">The file name (decoded), or empty.</param>
/// <param name="ContentType">The media type, lower case: <c>application/zip</c>.</param>
public sealed record AttachmentFact(string Name, string ContentType);

/// <summary>What rules may know about a message besides its findings.</summary>
/// <param name="Size">The message size in bytes.</param>
/// <param name="Attachments">The attachments, nested messages' included.</param>
public sealed record MessageFacts(long Size, IReadOnlyList<AttachmentFact> Attachments)
{
    public static readonly MessageFacts Empty = new(0, []);
}

/// <summary>Everything a policy decides on: the envelope, the findings (after party resolution) and the message facts.</summary>
public sealed record PolicyInput(Envelope Envelope, IReadOnlyList<Finding> Findings, MessageFacts Facts);
