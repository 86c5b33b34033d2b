namespace MailGuard.Scan.Detect;

/// <summary>Where a number found inside a line may end: what stands before and after it.</summary>
internal sealed partial class PhoneRecognizer
{
    // A dot after a phone label ("TEL.06-0000-7721", "Ph.03-…") ends the label, not a longer token.
    private static bool AfterLabel(string line, int dot)
    {
        var start = dot;
        while (start > 0 && char.IsAsciiLetter(line[start - 1]))
        {
            start--;
        }
        return start < dot && (start == 0 || !char.IsLetterOrDigit(line[start - 1])) && PhoneLabels.Contains(line.AsSpan(start, dot - start));
    }

    // A slash before the next item of a signature line ("06-0000-7721／携帯：…", "…7721/FAX …", "…/a@b.jp") ends the
    // number: Japanese text, a phone label or an e-mail address follows, not more of a code or a date.
    private static bool BeforeNextItem(string line, int next)
    {
        if (next >= line.Length)
        {
            return false;
        }
        if (line[next] >= 0x3000 && char.IsLetter(line[next]) || IsAddressToken(line, next))
        {
            return true;
        }
        var end = next;
        while (end < line.Length && char.IsAsciiLetter(line[end]))
        {
            end++;
        }
        return end - next >= 2 && (end == line.Length || !char.IsLetterOrDigit(line[end])) && PhoneLabels.Contains(line.AsSpan(next, end - next));
    }

    // "hina@example.jp／090-0000-2255": the slash separates an e-mail address and the number, not parts of a path.
    private static bool AfterAddress(string line, int slash)
    {
        var start = slash;
        while (start > 0 && !char.IsWhiteSpace(line[start - 1]) && line[start - 1] is not ('(' or '['))
        {
            start--;
        }
        // The whole token up to the slash must be the address: a URL ("https://u@host/…") has its scheme's colon in it.
        return IsAddressToken(line, start) && line.AsSpan(start, slash - start).IndexOfAny(':', '/') < 0;
    }

    // An e-mail address starts at index: a token with one '@' and no slash or colon before the next white space or slash.
    private static bool IsAddressToken(string line, int index)
    {
        var end = index;
        while (end < line.Length && !char.IsWhiteSpace(line[end]) && line[end] is not ('/' or ')' or ':'))
        {
            end++;
        }
        var token = line.AsSpan(index, end - index);
        var at = token.IndexOf('@');
        return at > 0 && at < token.Length - 3 && token.LastIndexOf('@') == at && token[(at + 1)..].Contains('.');
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PhoneLabels = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "tel", "fax", "ph", "phone", "mob", "mobile", "cell", "direct", "office", "t", "f", "m", "p",
    }.GetAlternateLookup<ReadOnlySpan<char>>();

    // "INV-2025-05-0193", "TB-0612-3456-8", "415-555-0199-B": the number is part of a longer token.
    private static bool BoundariesAreClean(string line, int start, int end)
    {
        if (start > 0)
        {
            var before = line[start - 1];
            if (char.IsLetterOrDigit(before) && before < 0x3000 || before is '#' or '_' or '=' || before == '/' && !AfterAddress(line, start - 1)
                || before == '.' && !AfterLabel(line, start - 1))
            {
                return false;
            }
            if (before == '-' && start > 1 && char.IsLetterOrDigit(line[start - 2]))
            {
                return false;
            }
        }
        if (end < line.Length)
        {
            var after = line[end];
            if (char.IsLetterOrDigit(after) && after < 0x3000 || after is '_' or '=' || after == '/' && !BeforeNextItem(line, end + 1))
            {
                return false;
            }
            if (after is '-' or '.' && end + 1 < line.Length && char.IsLetterOrDigit(line[end + 1]))
            {
                return false;
            }
        }
        return true;
    }
}
