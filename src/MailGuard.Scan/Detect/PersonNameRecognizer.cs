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
    private static readonly HashSet<string> JapaneseNonNames = new(StringComparer.Ordinal)
    {
        "部長", "課長", "係長", "主任", "社長", "次長", "室長", "所長", "店長", "会長", "専務", "常務", "取締役", "代表", "代表取締役",
        "担当", "担当者", "御中", "各位", "営業", "総務", "経理", "様", "殿", "さん", "宛", "本社", "支店", "工場", "事業部", "日時",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> JapaneseNonNamesSpans =
        JapaneseNonNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string> WesternNonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Account", "Accounts", "Executive", "Manager", "Director", "Lead", "Head", "Coordinator", "Officer", "President", "Vice",
        "Engineer", "Specialist", "Assistant", "Associate", "Partner", "Partners", "Group", "Ltd", "Inc", "LLC", "Co", "Corp",
        "Company", "Services", "Service", "Logistics", "Packaging", "Hospitality", "Freight", "Trading", "Components", "Department",
        "Dept", "Sales", "Operations", "Procurement", "Events", "Regional", "Team", "Studio", "Design", "Retail", "Insurance",
        "Analytics", "Medical", "Street", "Road", "Avenue", "Lane", "Plaza", "Suite", "Unit", "Floor", "Regards", "Best", "Thanks",
        "Thank", "Kind", "Warm", "Dear", "Hi", "Hello", "Cheers", "Sincerely", "Yours", "Office", "Mobile", "Phone", "Email", "Tel",
        "Fax", "Main", "Line", "Customer", "Support", "Marketing", "Finance", "Admin", "Senior", "Junior", "Chief", "General",
        "Confirmed", "Name", "Notes", "Contact", "Subject", "Date", "From", "Sent", "To", "Cc", "Best", "Global", "International",
        "America", "Japan", "Europe", "Limited", "Holdings", "Industries", "Solutions", "Systems", "Technologies", "Consulting",
        "Summit", "Harbor", "Room", "Terminal", "New", "York", "United", "Kingdom", "States", "Key", "Quick", "Update", "Note",
        "Good", "News", "Please", "Welcome", "Event", "Product", "Port", "Read", "Prepared", "Speaker", "Arriving", "June", "May",
        "April", "March", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Forwarded", "Message",
        "Original", "Begin", "Sakura", "The", "And", "Of", "For", "With", "Our", "Your", "Dr", "Mr", "Ms", "Mrs", "Prof",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WesternNonNamesSpans =
        WesternNonNames.GetAlternateLookup<ReadOnlySpan<char>>();

    // A Western name's shape, a title aside: with the title's pattern below, IsWesternName finds where the name
    // starts by two tests on spans, without a Match object per name.
    [GeneratedRegex(@"^(?:O'|Mc|Mac|D')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*(?:\s+[A-Z]\.)?(?:\s+(?:van|de|von|da|di|del|le|la)\b)?\s+(?:O'|Mc|Mac|D')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*$")]
    private static partial Regex WesternNameShape();

    [GeneratedRegex(@"^(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?\s+)")]
    private static partial Regex Honorific();

    [GeneratedRegex(@"(?i)^\s*(?:[■◆●・\-*]\s*)?(?:contact|name|speaker|attendee|guest|driver|person|rep|representative|担当者?|氏名|名前|講師|連絡先|お名前|ご担当)\s*[:：]\s*")]
    private static partial Regex Label();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}々ヶ\u3040-\u30ff]{1,4}")]
    private static partial Regex CjkRun();

    [GeneratedRegex(@"(?<name>[\p{IsCJKUnifiedIdeographs}々ヶ]{1,4}\s?[\p{IsCJKUnifiedIdeographs}々ヶ\u3040-\u30ff]{1,4})\s?(?:様|さん|氏|殿)")]
    private static partial Regex HonorificName();

    [GeneratedRegex(@"\([^)\n]{0,40}\)")]
    private static partial Regex Parenthesized();

    // The one-character honorifics HonorificName ends with; the other is "さん". A line without one has no name in
    // prose ("さ" alone is in most Japanese lines: ください, さま).
    private static readonly SearchValues<char> Honorifics = SearchValues.Create("様氏殿");

    /// <summary>Canonical form for comparing names: no spaces or titles, lower case.</summary>
    public static string Canonical(string name)
    {
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
        return IsWesternName(t) || IsJapaneseName(t);
    }

    public static bool IsWesternName(string text)
    {
        // The shape starts with a capital (a title's or the name's): table cells, display names and Japanese names,
        // which come here too, mostly do not.
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length == 0 || trimmed[0] is < 'A' or > 'Z' || !HasWesternNameCharacters(trimmed))
        {
            return false;
        }
        // The name is what follows the title when that is a name, else the whole text (the title's pattern has one
        // way to match, and the name must then match all that follows it).
        var name = NameOf(text.AsSpan().Trim());
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

    /// <summary>A Japanese full name: surname and given name, with or without a space between them.</summary>
    public static bool IsJapaneseName(string text)
    {
        var dictionary = JapaneseNameDictionary.Instance;
        // Both forms below need a surname of the list in the text.
        if (!dictionary.MayHoldSurname(text))
        {
            return false;
        }
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2)
        {
            return dictionary.IsSurname(parts[0]) && dictionary.IsGivenName(parts[1]) && !JapaneseNonNames.Contains(parts[1]);
        }
        return parts.Length == 1 && SplitJoined(parts[0]) is not null;
    }

    /// <summary>A surname on its own (<c>山田</c> in <c>山田様</c>): in the dictionary and not a title or department.</summary>
    public static bool IsJapaneseSurname(string text) =>
        !JapaneseNonNames.Contains(text) && JapaneseNameDictionary.Instance.IsSurname(text);

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
        var text = content.Contains('(') ? Parenthesized().Replace(content, m => new string(' ', m.Length)) : content;
        // The label is anchored at the start: its first match is the only one, and needs no Match object.
        var label = Label().EnumerateMatches(text);
        var from = label.MoveNext() ? label.Current.Length : 0;
        AddWesternCells(text, from, found);
        AddJapanese(text, from, found);
    }

    /// <summary>Japanese full names followed by an honorific (<c>佐藤花子さん</c>) in running text.</summary>
    public static List<(int Start, int Length)> FindInProse(string content)
    {
        var found = new List<(int Start, int Length)>();
        FindInProse(content, found);
        return found;
    }

    /// <summary>Adds the Japanese full names followed by an honorific in <paramref name="content"/> to <paramref name="found"/>.</summary>
    public static void FindInProse(string content, List<(int Start, int Length)> found)
    {
        // Every line of a text comes here; one without an honorific runs no pattern.
        if (!content.AsSpan().ContainsAny(Honorifics) && !content.Contains("さん", StringComparison.Ordinal))
        {
            return;
        }
        // Matches as offsets: the name is the match without its honorific (さん ends in ん, the others are one
        // character) and the white space before it, which a name cannot end with.
        foreach (var m in HonorificName().EnumerateMatches(content))
        {
            var end = m.Index + m.Length;
            end -= content[end - 1] == 'ん' ? 2 : 1;
            if (char.IsWhiteSpace(content[end - 1]))
            {
                end--;
            }
            if (IsJapaneseName(content.Substring(m.Index, end - m.Index)))
            {
                found.Add((m.Index, end - m.Index));
            }
        }
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
    public static void FindWesternInProse(string content, IReadOnlyList<string> nearbyEmails, List<(int Start, int Length)> found)
    {
        if (nearbyEmails.Count == 0)
        {
            return;
        }
        // The addresses' local parts are reduced to letters once per line, not once per spelling and address.
        List<string>? locals = null;
        // Candidates as offsets: most capitalised word pairs are not names, and get neither a Match nor a string.
        foreach (var m in WesternCandidate().EnumerateMatches(content))
        {
            var candidate = content.Substring(m.Index, m.Length);
            if (!IsWesternName(candidate))
            {
                continue;
            }
            locals ??= [.. nearbyEmails.Select(e => NameSpellings.LettersOf(e[..Math.Max(0, e.IndexOf('@'))]))];
            if (NameSpellings.Of(candidate).Exists(n => locals.Exists(local => NameSpellings.FitsLetters(n, local))))
            {
                found.Add((m.Index, m.Length));
            }
        }
    }

    private static void AddJapanese(string text, int from, List<(int Start, int Length)> found)
    {
        // Every character of a run is in U+3005..U+9FFF (々, kana, ヶ, the CJK block); most lines of Latin text have none.
        if (!text.AsSpan(from).ContainsAnyInRange('\u3005', '\u9fff'))
        {
            return;
        }
        // The runs as offsets, each with the one after it: a name may be a surname run and a given-name run.
        var runs = CjkRun().EnumerateMatches(text, from);
        var has = runs.MoveNext();
        var run = has ? (Index: runs.Current.Index, Length: runs.Current.Length) : default;
        var dictionary = JapaneseNameDictionary.Instance;
        while (has)
        {
            var hasNext = runs.MoveNext();
            var next = hasNext ? (Index: runs.Current.Index, Length: runs.Current.Length) : default;
            if (IsTokenBoundary(text, run.Index - 1) && IsTokenBoundary(text, run.Index + run.Length))
            {
                if (hasNext && IsSeparateFullName(text, run, next, dictionary))
                {
                    found.Add((run.Index, next.Index + next.Length - run.Index));
                    // The given name is taken: go on after it.
                    has = runs.MoveNext();
                    run = has ? (runs.Current.Index, runs.Current.Length) : default;
                    continue;
                }
                if (run.Length >= 3 && IsJoinedName(text.AsSpan(run.Index, run.Length)))
                {
                    found.Add((run.Index, run.Length));
                }
            }
            run = next;
            has = hasNext;
        }
    }

    // "佐藤 花子": a surname run, one or two spaces, a given-name run that ends a token.
    private static bool IsSeparateFullName(string text, (int Index, int Length) run, (int Index, int Length) next, JapaneseNameDictionary dictionary)
    {
        var gap = text.AsSpan(run.Index + run.Length, next.Index - run.Index - run.Length);
        return gap.Length is >= 1 and <= 2 && gap.IsWhiteSpace() && IsTokenBoundary(text, next.Index + next.Length)
            && dictionary.IsSurname(text.AsSpan(run.Index, run.Length)) && dictionary.IsGivenName(text.AsSpan(next.Index, next.Length))
            && !JapaneseNonNamesSpans.Contains(text.AsSpan(next.Index, next.Length))
            && !JapaneseNonNamesSpans.Contains(text.AsSpan(run.Index, run.Length));
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

    private static bool IsTokenBoundary(string text, int index) =>
        index < 0 || index >= text.Length || char.IsWhiteSpace(text[index]) || text[index] is '/' or '|' or ',' or '、' or ':' or '：' or '様' or '(' or ')' or '\t';

    // "佐藤花子": a known surname followed by a known given name, the longest surname first.
    private static (string Surname, string Given)? SplitJoined(string token) =>
        JoinedSplit(token) is var split and > 0 ? (token[..split], token[split..]) : null;

    private static bool IsJoinedName(ReadOnlySpan<char> token) => JoinedSplit(token) > 0;

    // Where a joined name splits into surname and given name, or 0 when it does not.
    private static int JoinedSplit(ReadOnlySpan<char> token)
    {
        if (token.Length is < 2 or > 6 || token.ContainsAnyInRange('\u3040', '\u30ff') && !token.ContainsAnyExceptInRange('\u3040', '\u30ff'))
        {
            return 0;
        }
        var dictionary = JapaneseNameDictionary.Instance;
        for (var split = Math.Min(3, token.Length - 1); split >= 1; split--)
        {
            var surname = token[..split];
            var given = token[split..];
            if (dictionary.IsSurname(surname) && dictionary.IsGivenName(given) && !JapaneseNonNamesSpans.Contains(given) && !JapaneseNonNamesSpans.Contains(token))
            {
                return split;
            }
        }
        return 0;
    }

    // Cells of a list row or labelled line, split at " | ", tabs, " / ", and the comma before a title: a cell that
    // has the Western shape is a name.
    private static void AddWesternCells(string text, int from, List<(int Start, int Length)> found)
    {
        var start = from;
        for (var i = from; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] is '|' or '\t' or ',' or '/' or '(' or ';')
            {
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
                if (e > s && text[s] is >= 'A' and <= 'Z' && HasWhiteSpace(text.AsSpan(s, e - s)) && IsWesternName(text.Substring(s, e - s)))
                {
                    found.Add((s, e - s));
                }
                start = i + 1;
            }
        }
    }
}
