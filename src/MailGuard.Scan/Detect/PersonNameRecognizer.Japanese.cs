using System.Buffers;
using System.Text.RegularExpressions;

namespace MailGuard.Scan.Detect;

/// <summary>Japanese names: by the surname and given-name dictionary, spaced (<c>佐藤 花子</c>) or joined (<c>佐藤花子</c>).</summary>
internal static partial class PersonNameRecognizer
{
    private static readonly HashSet<string> JapaneseNonNames = new(StringComparer.Ordinal)
    {
        "部長", "課長", "係長", "主任", "社長", "次長", "室長", "所長", "店長", "会長", "専務", "常務", "取締役", "代表", "代表取締役",
        "担当", "担当者", "御中", "各位", "営業", "総務", "経理", "様", "殿", "さん", "宛", "本社", "支店", "工場", "事業部", "日時",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> JapaneseNonNamesSpans =
        JapaneseNonNames.GetAlternateLookup<ReadOnlySpan<char>>();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}々ヶ\u3040-\u30ff]{1,4}")]
    private static partial Regex CjkRun();

    [GeneratedRegex(@"(?<name>[\p{IsCJKUnifiedIdeographs}々ヶ]{1,4}\s?[\p{IsCJKUnifiedIdeographs}々ヶ\u3040-\u30ff]{1,4})\s?(?:様|さん|氏|殿)")]
    private static partial Regex HonorificName();

    // HonorificName's name: four characters, an optional white space, four characters.
    private const int LongestHonorificName = 4 + 1 + 4;

    // The one-character honorifics HonorificName ends with; the other is "さん". A line without one has no name in
    // prose ("さ" alone is in most Japanese lines: ください, さま).
    private static readonly SearchValues<char> Honorifics = SearchValues.Create("様氏殿");

    /// <summary>A Japanese full name: surname and given name, with or without a space between them.</summary>
    public static bool IsJapaneseName(string text) => IsJapaneseName(text.AsSpan());

    /// <summary><see cref="IsJapaneseName(string)"/> for text read in place.</summary>
    public static bool IsJapaneseName(ReadOnlySpan<char> text)
    {
        var dictionary = JapaneseNameDictionary.Instance;
        // Both forms below need a surname of the list in the text.
        if (!dictionary.MayHoldSurname(text))
        {
            return false;
        }
        // The words between spaces, found in place: display names, cells and greetings all come here.
        var trimmed = text.Trim();
        Range first = default, second = default;
        var parts = 0;
        foreach (var range in trimmed.Split(' '))
        {
            if (trimmed[range].IsEmpty)
            {
                continue;
            }
            if (++parts > 2)
            {
                return false;
            }
            (parts == 1 ? ref first : ref second) = range;
        }
        if (parts == 2)
        {
            var given = trimmed[second];
            return dictionary.IsSurname(trimmed[first]) && dictionary.IsGivenName(given) && !JapaneseNonNamesSpans.Contains(given);
        }
        return parts == 1 && JoinedSplit(trimmed[first]) > 0;
    }

    /// <summary>A surname on its own (<c>山田</c> in <c>山田様</c>): in the dictionary and not a title or department.</summary>
    public static bool IsJapaneseSurname(string text) => IsJapaneseSurname(text.AsSpan());

    /// <summary><see cref="IsJapaneseSurname(string)"/> for text read in place.</summary>
    public static bool IsJapaneseSurname(ReadOnlySpan<char> text) =>
        JapaneseNameDictionary.Instance.IsSurname(text) && !JapaneseNonNamesSpans.Contains(text);

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
        var first = content.AsSpan().IndexOfAny(Honorifics);
        var san = content.IndexOf("さん", StringComparison.Ordinal);
        if (first < 0 && san < 0)
        {
            return;
        }
        // A match ends with an honorific and is at most a name (two runs of four and a space) and a space before
        // it: the pattern starts that far before the first honorific, not at every kanji of the line before it.
        first = first < 0 || (san >= 0 && san < first) ? san : first;
        var from = Math.Max(0, first - LongestHonorificName - 1);
        // Matches as offsets: the name is the match without its honorific (さん ends in ん, the others are one
        // character) and the white space before it, which a name cannot end with.
        foreach (var m in HonorificName().EnumerateMatches(content, from))
        {
            var end = m.Index + m.Length;
            end -= content[end - 1] == 'ん' ? 2 : 1;
            if (char.IsWhiteSpace(content[end - 1]))
            {
                end--;
            }
            var name = content.AsSpan(m.Index, end - m.Index);
            if (IsJapaneseName(name) || IsHonorificWordEnd(content, m.Index + m.Length) && IsJapaneseNameShape(name))
            {
                found.Add((m.Index, end - m.Index));
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

    private static bool IsTokenBoundary(string text, int index) =>
        index < 0 || index >= text.Length || char.IsWhiteSpace(text[index]) || text[index] is '/' or '|' or ',' or '、' or ':' or '：' or '様' or '(' or ')' or '\t';

    // "佐藤花子": a known surname followed by a known given name, the longest surname first.
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
}
