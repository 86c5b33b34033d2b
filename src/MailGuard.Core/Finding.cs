namespace MailGuard.Core;

/// <summary>The kinds of finding named in the scan contract (more may be added).</summary>
public static class FindingKind
{
    public const string Email = "email";
    public const string Person = "person";
    public const string Phone = "phone";
    public const string PostalAddress = "postal_address";
    public const string Signature = "signature";
    public const string Unscannable = "unscannable";
}

/// <summary>One piece of personal data (or one thing that could not be read) found in a message.</summary>
/// <param name="Kind">One of <see cref="FindingKind"/>.</param>
/// <param name="Text">The text as the sender wrote it. Personal data: never log it; use <see cref="Excerpt"/>.</param>
/// <param name="Location">Where it was, as a path: <c>body</c>, <c>body/forwarded[1]</c>, <c>attachment:list.xlsx/Sheet1</c>.</param>
/// <param name="ThirdParty">True when the person it belongs to is not a party of the message.</param>
/// <param name="Owner">The person it belongs to (name and/or address), or null when it stands alone.</param>
/// <param name="Excerpt">The redacted form of <see cref="Text"/>, safe for logs and notices.</param>
public sealed record Finding(
    string Kind,
    string Text,
    string Location,
    bool ThirdParty,
    string? Owner,
    string Excerpt);
