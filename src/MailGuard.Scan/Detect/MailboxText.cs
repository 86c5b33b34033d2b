using System.Text.RegularExpressions;
using MailGuard.Scan.Extract;

namespace MailGuard.Scan.Detect;

/// <summary>A mailbox found in text, with where its parts are (offsets relative to the parsed string).</summary>
internal sealed record MailboxSpan(MailboxRef Mailbox, int NameStart, int NameLength, int AddressStart, int AddressLength);

/// <summary>
/// Reads mailboxes out of header lines as forwarded and quoted mail shows them: <c>山田 太郎 &lt;yamada@…&gt;</c>,
/// <c>"Bell, Marcus" &lt;…&gt;</c>, bare addresses, several separated by <c>,</c> or <c>;</c>.
/// </summary>
internal static partial class MailboxText
{
    [GeneratedRegex(@"(?:""(?<qname>[^""]*)""|(?<name>[^<>,;""\[\]]+?))?\s*[<\[](?:mailto:)?(?<addr>[^<>\s@\[\]]+@[^<>\s\[\]]+)[>\]]|(?<bare>[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})")]
    private static partial Regex Mailbox();

    // The groups by number: looking a group up by its name goes through a table on every match.
    private static readonly int QuotedName = Mailbox().GroupNumberFromName("qname");
    private static readonly int Name = Mailbox().GroupNumberFromName("name");
    private static readonly int Address = Mailbox().GroupNumberFromName("addr");
    private static readonly int Bare = Mailbox().GroupNumberFromName("bare");

    public static List<MailboxSpan> Parse(string value)
    {
        var result = new List<MailboxSpan>();
        var previousEnd = 0;
        // Both forms have an '@': a value of names only ("To: Ops Team", Outlook's quoted headers) runs no pattern.
        for (var m = value.Contains('@') ? Mailbox().Match(value) : Match.Empty; m.Success; previousEnd = m.Index + m.Length, m = m.NextMatch())
        {
            var bare = m.Groups[Bare];
            if (bare.Success)
            {
                result.Add(new MailboxSpan(new MailboxRef(null, bare.Value.ToLowerInvariant()), 0, 0, bare.Index, bare.Length));
                continue;
            }
            var addr = m.Groups[Address];
            var name = m.Groups[QuotedName] is { Success: true } quoted ? quoted : m.Groups[Name];
            var nameText = name.Success ? name.Value.Trim() : "";
            var nameStart = name.Success ? name.Index + (name.Value.Length - name.Value.TrimStart().Length) : 0;
            if (nameText.Length > 0 && !m.Groups[QuotedName].Success && InvertedSurnameStart(value, previousEnd, nameStart) is { } surnameStart
                && value[surnameStart..(nameStart + nameText.Length)] is var inverted && PersonNameRecognizer.IsName(inverted))
            {
                // Exchange shows "Okafor, Chidi <…>" unquoted in forwarded headers: the comma is inside the name, not
                // between two mailboxes (a mailbox without an address would be no mailbox at all).
                nameText = inverted;
                nameStart = surnameStart;
            }
            result.Add(new MailboxSpan(
                new MailboxRef(nameText.Length > 0 ? nameText : null, addr.Value.ToLowerInvariant()),
                nameStart, nameText.Length, addr.Index, addr.Length));
        }
        if (result.Count == 0 && value.Trim() is { Length: > 0 } onlyName && PersonNameRecognizer.IsName(onlyName))
        {
            // "To: 森 健一" without an address (some clients print only names).
            var start = value.IndexOf(onlyName, StringComparison.Ordinal);
            result.Add(new MailboxSpan(new MailboxRef(onlyName, null), start, onlyName.Length, 0, 0));
        }
        return result;
    }

    // Where "Surname," starts when that is all between the previous mailbox (or the start) and a display name.
    private static int? InvertedSurnameStart(string value, int from, int nameStart)
    {
        var gap = value.AsSpan(from, nameStart - from).TrimEnd();
        if (gap.Length < 3 || gap[^1] != ',')
        {
            return null;
        }
        var word = gap[..^1].TrimEnd();
        var start = word.LastIndexOfAny(" \t,;") + 1;
        var surname = word[start..];
        if (surname.Length < 2 || !char.IsAsciiLetterUpper(surname[0]) || !word[..start].Trim().Trim(",;").Trim().IsEmpty)
        {
            return null;
        }
        return from + start;
    }
}
