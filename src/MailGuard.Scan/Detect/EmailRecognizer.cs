using System.Buffers;
using System.Text.RegularExpressions;
using MailGuard.Core;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Email addresses, plain and obfuscated (<c>name[at]example.jp</c>, <c>name (at) example (dot) jp</c>,
/// <c>first.last at example.com</c>). Full-width forms arrive here already NFKC-normalised.
/// </summary>
internal static partial class EmailRecognizer
{
    [GeneratedRegex(@"(?<![\w.%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w\-]|\.[A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    // Bracketed forms are unambiguous; the bare " at " / " dot " form is accepted only when the local part
    // looks like a mailbox (has a dot, dash or underscore) so that "meet at example.com" stays prose.
    [GeneratedRegex(@"(?<![\w.\-])(?<local>[A-Za-z0-9][A-Za-z0-9._%+\-]*)\s*(?:[\[\(\{<]\s*(?:at|AT|@|アット)\s*[\]\)\}>]|＠)\s*(?<domain>[A-Za-z0-9\-]+(?:\s*(?:\.|[\[\(\{<]\s*(?:dot|DOT|\.)\s*[\]\)\}>])\s*[A-Za-z0-9\-]+)+)", RegexOptions.CultureInvariant)]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"(?<![\w.\-])(?<local>[A-Za-z0-9]+[._\-][A-Za-z0-9._\-]*[A-Za-z0-9])\s+(?:at|AT)\s+(?<domain>[A-Za-z0-9\-]+(?:(?:\.|\s+(?:dot|DOT)\s+)[A-Za-z0-9\-]+)+)", RegexOptions.CultureInvariant)]
    private static partial Regex Spelled();

    private static readonly SearchValues<char> Brackets = SearchValues.Create("[({<");

    // "( at )", "[@]", "<アット>" or "＠": what the bracketed form cannot do without. "(" alone is in much prose.
    private static bool HasBracketedAt(string text)
    {
        if (text.Contains('＠'))
        {
            return true;
        }
        var rest = text.AsSpan();
        for (var at = rest.IndexOfAny(Brackets); at >= 0; at = rest.IndexOfAny(Brackets))
        {
            rest = rest[(at + 1)..];
            var inside = rest.TrimStart();
            if (inside.StartsWith("at", StringComparison.Ordinal) || inside.StartsWith("AT", StringComparison.Ordinal)
                || inside.StartsWith("@", StringComparison.Ordinal) || inside.StartsWith("アット", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    // " at " or " AT " between white space: what the spelled-out form cannot do without ("that", "data" have "at").
    private static bool HasSpelledAt(string text)
    {
        // From each 't' or 'T' (a vectorised search), not character by character: "a"/"A" before it, white space
        // around. The 't' of a hit is at 2..Length-2.
        var span = text.AsSpan();
        var from = 2;
        while (from < span.Length - 1 && span[from..^1].IndexOfAny('t', 'T') is var found and >= 0)
        {
            var t = from + found;
            if ((span[t - 1] == 'a' && span[t] == 't' || span[t - 1] == 'A' && span[t] == 'T')
                && char.IsWhiteSpace(span[t - 2]) && char.IsWhiteSpace(span[t + 1]))
            {
                return true;
            }
            from = t + 1;
        }
        return false;
    }

    /// <summary>The plain form's pattern, for tests that compare it with what <see cref="Find"/> makes of it.</summary>
    internal static Regex PlainForm => Plain();

    // Where the plain form's search can start without missing a match: every match has an "@", and its local part
    // is the whole run of local-part characters before its "@" (the character before the match is none of them),
    // so no match starts before the run that ends at the first "@". The pattern tries every letter and digit as a
    // start, which on a line such as "From: Emily Carter <emily.carter@..." is most of its cost.
    internal static int FirstPlainStart(string text)
    {
        var at = text.IndexOf('@');
        var start = at;
        while (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '_' or '%' or '+' or '-'))
        {
            start--;
        }
        return Math.Max(start, 0);
    }

    [GeneratedRegex(@"\s*(?:[\[\(\{<]\s*(?:dot|DOT|\.)\s*[\]\)\}>]|\s(?:dot|DOT)\s|\.)\s*", RegexOptions.CultureInvariant)]
    private static partial Regex DotSeparator();

    // A shared empty list for the many lines with no address; nothing adds to it.
    private static readonly List<DetectedItem> None = [];

    /// <summary>Finds addresses in <paramref name="text"/>; offsets are relative to it plus <paramref name="offset"/>.</summary>
    /// <returns>The addresses; the list is shared when there are none, so callers read it and do not add to it.</returns>
    public static List<DetectedItem> Find(string text, int offset = 0)
    {
        // Each form has a character it cannot do without: "@" for the plain one, a bracket or "＠" for the bracketed
        // one, "at"/"AT" for the spelled-out one. Most lines have none of them, and get no list either.
        var plain = text.Contains('@');
        var bracketed = HasBracketedAt(text);
        var spelled = HasSpelledAt(text);
        if (!plain && !bracketed && !spelled)
        {
            return None;
        }
        List<DetectedItem>? found = null;
        if (plain)
        {
            foreach (var m in Plain().EnumerateMatches(text, FirstPlainStart(text)))
            {
                // The plain form is ASCII: lowered in place, it is one string.
                var value = string.Create(m.Length, (text, m.Index), static (lower, at) => at.text.AsSpan(at.Index, lower.Length).ToLowerInvariant(lower));
                (found ??= []).Add(new DetectedItem(FindingKind.Email, offset + m.Index, m.Length, value));
            }
        }
        if (bracketed)
        {
            AddObfuscated(Bracketed(), text, offset, ref found);
        }
        if (spelled)
        {
            AddObfuscated(Spelled(), text, offset, ref found);
        }
        return found ?? None;
    }

    private static void AddObfuscated(Regex form, string text, int offset, ref List<DetectedItem>? found)
    {
        for (var m = form.Match(text); m.Success; m = m.NextMatch())
        {
            if (found is not null && found.Exists(t => offset + m.Index < t.Start + t.Length && t.Start < offset + m.Index + m.Length))
            {
                continue;
            }
            var labels = DotSeparator().Split(m.Groups["domain"].Value).Where(l => l.Length > 0).ToArray();
            if (labels.Length < 2 || !labels[^1].All(char.IsAsciiLetter) || labels[^1].Length < 2)
            {
                continue;
            }
            var value = $"{m.Groups["local"].Value}@{string.Join('.', labels)}".ToLowerInvariant();
            (found ??= []).Add(new DetectedItem(FindingKind.Email, offset + m.Index, m.Length, value));
        }
    }
}
