using System.Buffers;
using System.Text.RegularExpressions;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Person names: Japanese by the surname and given-name dictionary (<c>佐藤 花子</c>, <c>佐藤花子様</c>), Western by
/// shape (two or three capitalised words, none of them a title or company word). It reads name lines of contact
/// blocks, labelled names (<c>Contact: Gavin Doyle</c>, <c>担当：小林 美咲</c>), first cells of list rows, display names,
/// and, in prose, only Japanese full names followed by an honorific.
/// </summary>
internal static partial class PersonNameRecognizer
{
    // A Western name's shape, a title aside: with the title's pattern below, IsWesternName finds where the name
    // starts by two tests on spans, without a Match object per name.
    [GeneratedRegex(@"^(?:O'|Mc|Mac|D')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*(?:\s+[A-Z]\.)?(?:\s+(?:van|de|von|da|di|del|le|la)\b)?\s+(?:O'|Mc|Mac|D')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*$")]
    private static partial Regex WesternNameShape();

    [GeneratedRegex(@"^(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?\s+)")]
    private static partial Regex Honorific();

    [GeneratedRegex(@"(?i)^\s*(?:[■◆●・\-*]\s*)?(?:contact|name|speaker|attendee|guest|driver|person|rep|representative|担当者?|氏名|名前|講師|連絡先|お名前|ご担当)\s*[:：]\s*")]
    private static partial Regex Label();

    [GeneratedRegex(@"\([^)\n]{0,40}\)")]
    private static partial Regex Parenthesized();

    /// <summary>Canonical form for comparing names: no spaces or titles, lower case.</summary>
    public static string Canonical(string name)
    {
        // "Okafor, Chidi" and "Chidi Okafor" are one name; only a name with a comma is looked at for that.
        if (name.Contains(',') && Uninverted(name.Trim()) is { } natural && IsWesternName(natural))
        {
            name = natural;
        }
        // Called for every comparison of names; the title pattern runs only when a title can lead.
        var text = name.AsSpan().Trim();
        if (text.Length > 0 && text[0] is 'D' or 'M' or 'P' && Honorific().Match(name.Trim()) is { Success: true } title)
        {
            text = text[title.Length..];
        }
        var length = 0;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '.')
            {
                length++;
            }
        }
        if (length == 0)
        {
            return string.Empty;
        }
        var buffer = length <= 256 ? stackalloc char[length] : new char[length];
        var at = 0;
        var caseless = true;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '.')
            {
                caseless &= char.IsAscii(c) || HasNoCase(c);
                buffer[at++] = char.IsAscii(c) ? char.ToLowerInvariant(c) : c;
            }
        }
        // Casing a non-ASCII character asks ICU; one call for the whole name, not one per character, and none for
        // kana and kanji (most Japanese names), which have no case.
        return caseless ? new string(buffer) : new string(buffer).ToLowerInvariant();
    }

    // CJK punctuation, kana, kanji (with extension A) and half-width katakana.
    private static bool HasNoCase(char c) =>
        c is >= '\u3000' and <= '\u30ff' or >= '\u3400' and <= '\u4dbf' or >= '\u4e00' and <= '\u9fff' or >= '\uff66' and <= '\uff9f';

    /// <summary>True when <paramref name="text"/> as a whole is a person's name.</summary>
    public static bool IsName(string text)
    {
        var t = text.Trim().Trim('"', '\'');
        return IsWesternName(t) || IsJapaneseName(t) || Uninverted(t) is { } natural && IsWesternName(natural);
    }

    public static bool IsWesternName(string text) => IsWesternName(text.AsSpan());

    /// <summary><see cref="IsWesternName(string)"/> for a cell or candidate read in place.</summary>
    public static bool IsWesternName(ReadOnlySpan<char> text)
    {
        // The shape starts with a capital (a title's or the name's): table cells, display names and Japanese names,
        // which come here too, mostly do not.
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed[0] is < 'A' or > 'Z' || !HasWesternNameCharacters(trimmed))
        {
            return false;
        }
        // The name is what follows the title when that is a name, else the whole text (the title's pattern has one
        // way to match, and the name must then match all that follows it).
        var name = NameOf(trimmed);
        if (name.IsEmpty)
        {
            return false;
        }
        // Each word between spaces and hyphens, its trailing dots aside, looked up in place.
        while (name.Length > 0)
        {
            var end = name.IndexOfAny(' ', '-');
            var word = (end < 0 ? name : name[..end]).TrimEnd('.');
            if (WesternNonNamesSpans.Contains(word))
            {
                return false;
            }
            name = end < 0 ? [] : name[(end + 1)..];
        }
        return true;
    }

    // The name in text, after a title when the text has one, or nothing when the text is not a name's shape.
    private static ReadOnlySpan<char> NameOf(ReadOnlySpan<char> text)
    {
        var title = Honorific().EnumerateMatches(text);
        if (title.MoveNext() && WesternNameShape().IsMatch(text[title.Current.Length..]))
        {
            return text[title.Current.Length..];
        }
        return WesternNameShape().IsMatch(text) ? text : [];
    }

    // Only what the shape can match: ASCII letters, the apostrophe, hyphen and dot ("Dr. O'Neil-Smith"), and at least one
    // space between the parts. A cell with a digit, an '@' or a colon, the usual table cell, skips the pattern.
    private static bool HasWesternNameCharacters(ReadOnlySpan<char> text)
    {
        var spaced = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                spaced = true;
            }
            else if (!char.IsAsciiLetter(c) && c is not ('\'' or '-' or '.'))
            {
                return false;
            }
        }
        return spaced;
    }

    /// <summary>One capitalised word that is not a title, company or closing word (<c>Marcus</c>).</summary>
    public static bool IsGivenNameShape(string word) =>
        word.Length >= 2 && char.IsUpper(word[0]) && word.Skip(1).All(c => char.IsLower(c) || c is '-' or '\'') && !WesternNonNames.Contains(word);

    /// <summary>Names in one line of a contact block or list, with offsets relative to the line.</summary>
    public static List<(int Start, int Length)> FindInContactLine(string content)
    {
        var found = new List<(int Start, int Length)>();
        FindInContactLine(content, found);
        return found;
    }

    /// <summary>Adds the names in one line of a contact block or list to <paramref name="found"/>, relative to the line.</summary>
    public static void FindInContactLine(string content, List<(int Start, int Length)> found)
    {
        // Readings in parentheses ("田中　一郎（たなか　いちろう）") are blanked so they cannot pair with the name.
        var text = content.Contains('(') ? BlankParenthesized(content) : content;
        // The label is anchored at the start: its first match is the only one, and needs no Match object.
        var label = Label().EnumerateMatches(text);
        var from = label.MoveNext() ? label.Current.Length : 0;
        var before = found.Count;
        AddWesternCells(text, from, found);
        AddJapanese(text, from, found);
        if (found.Count == before)
        {
            AddWholeLineJapaneseName(text, from, found);
        }
    }

    // The readings blanked in one copy of the line, without a Match or a string of spaces per reading; the line
    // itself when it has none.
    private static string BlankParenthesized(string content)
    {
        var readings = Parenthesized().EnumerateMatches(content);
        if (!readings.MoveNext())
        {
            return content;
        }
        var text = content.Length <= 256 ? stackalloc char[content.Length] : new char[content.Length];
        content.CopyTo(text);
        do
        {
            text.Slice(readings.Current.Index, readings.Current.Length).Fill(' ');
        }
        while (readings.MoveNext());
        return new string(text);
    }

    [GeneratedRegex(@"(?<![\w'])(?:O'|Mc)?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\s(?:O'|Mc)?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*(?![\w'])")]
    private static partial Regex WesternCandidate();

    /// <summary>
    /// A Western name in running text ("the auditor is Lena Park; write to lena.park at …"), only when it fits one of
    /// the addresses next to it: capitalised word pairs in prose are far more often places and products.
    /// </summary>
    public static List<(int Start, int Length)> FindWesternInProse(string content, IReadOnlyList<string> nearbyEmails)
    {
        var found = new List<(int Start, int Length)>();
        FindWesternInProse(content, nearbyEmails, found);
        return found;
    }

    /// <summary>Adds the Western names of <paramref name="content"/> that fit one of <paramref name="nearbyEmails"/> to <paramref name="found"/>.</summary>
    public static void FindWesternInProse(string content, IReadOnlyList<string> nearbyEmails, List<(int Start, int Length)> found) =>
        FindWesternInProseByLocals(content, LocalLetters(nearbyEmails), found);

    /// <summary>The addresses' local parts as <see cref="NameSpellings.FitsAny"/> compares them.</summary>
    public static List<string> LocalLetters(IReadOnlyList<string> emails)
    {
        var locals = new List<string>(emails.Count);
        foreach (var e in emails)
        {
            locals.Add(NameSpellings.LettersOf(e[..Math.Max(0, e.IndexOf('@'))]));
        }
        return locals;
    }

    /// <summary>
    /// Adds the Western names of <paramref name="content"/> that fit one of the local parts (reduced by
    /// <see cref="LocalLetters"/>, once per block rather than per line) to <paramref name="found"/>.
    /// </summary>
    public static void FindWesternInProseByLocals(string content, List<string> localLetters, List<(int Start, int Length)> found)
    {
        if (localLetters.Count == 0)
        {
            return;
        }
        // Candidates as offsets: most capitalised word pairs are not names, and get neither a Match nor a string.
        // Whether one fits an address is asked first: it is cheaper than the shape, and few pairs fit.
        foreach (var m in WesternCandidate().EnumerateMatches(content))
        {
            var candidate = content.AsSpan(m.Index, m.Length);
            if (NameSpellings.FitsAny(candidate, localLetters) && IsWesternName(candidate))
            {
                found.Add((m.Index, m.Length));
            }
        }
    }

    private static bool HasWhiteSpace(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }
        return false;
    }

    // Cells of a list row or labelled line, split at " | ", tabs, " / ", and the comma before a title: a cell that
    // has the Western shape is a name.
    private static void AddWesternCells(string text, int from, List<(int Start, int Length)> found)
    {
        // From separator to separator by a vector search, not a test per character: most of a line is inside cells.
        for (var start = from; start <= text.Length;)
        {
            var next = text.AsSpan(start).IndexOfAny(CellSeparators);
            var i = next < 0 ? text.Length : start + next;
            var s = start;
            var e = i;
            while (s < e && char.IsWhiteSpace(text[s]))
            {
                s++;
            }
            while (e > s && char.IsWhiteSpace(text[e - 1]))
            {
                e--;
            }
            // The Western shape starts with a capital (a title's or the name's) and has a space: other cells are not cut out.
            if (e > s && text[s] is >= 'A' and <= 'Z' && HasWhiteSpace(text.AsSpan(s, e - s)) && IsWesternName(text.AsSpan(s, e - s)))
            {
                found.Add((s, e - s));
            }
            start = i + 1;
        }
    }

    private static readonly SearchValues<char> CellSeparators = SearchValues.Create("|\t,/(;");
}
