using System.Buffers;
using System.Text.RegularExpressions;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Person names in greeting and closing lines: a Japanese honorific greeting that is a line of its own
/// (<c>山田様</c>, <c>山田 太郎 様</c>, <c>田中部長</c>), the self-introduction <c>…の田中です</c> / <c>…の田中でございます</c>,
/// and the name line under an English closing (<c>Regards,</c> then <c>Marcus Bell</c> or <c>Marcus</c>). Japanese
/// names must be in the dictionary (a surname, or surname and given name; in a greeting, a known surname and a given
/// name's shape); English ones must be one to three capitalised words, none of them a title, company or closing word.
/// </summary>
internal static partial class GreetingNameRecognizer
{
    [GeneratedRegex(@"^\s*(?<name>[\p{IsCJKUnifiedIdeographs}々ヶ]{1,4}(?:[ \u3000]?[\p{IsCJKUnifiedIdeographs}々ヶ\u3040-\u30ff]{1,4})?)[ \u3000]?(?:様|さま|さん|殿|部長|課長|係長|主任|社長|次長|室長|所長|店長|会長|専務|常務|先生)\s*[、，,。！!]?\s*$")]
    private static partial Regex JapaneseGreeting();

    [GeneratedRegex(@"の(?<name>[\p{IsCJKUnifiedIdeographs}々ヶ]{1,4}(?:[ \u3000]?[\p{IsCJKUnifiedIdeographs}々ヶ\u3040-\u30ff]{1,4})?)(?:です|でございます)")]
    private static partial Regex SelfIntroduction();

    [GeneratedRegex(@"(?i)^\s*(?:(?:best|kind|warm|warmest|many)\s+)?(?:regards|thanks|thank\s+you|sincerely|yours\s+sincerely|cheers|best\s+wishes)\s*[,.!]?\s*$")]
    private static partial Regex Closing();

    [GeneratedRegex(@"^\s*(?<name>[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*){0,2})\s*$")]
    private static partial Regex WesternNameLine();

    /// <summary>The name in a line that is a Japanese honorific greeting, relative to the line.</summary>
    public static (int Start, int Length)? FindGreeting(string content)
    {
        // Every line of a block comes here; the pattern backtracks over the kanji of a Japanese line, and a greeting
        // line ends with its honorific (before a last punctuation mark), which most lines do not.
        if (!EndsWith(content, PunctuationAfterGreeting, out var last, out var core) || !HonorificEnds.Contains(last) || core.Length > LongestGreeting)
        {
            return null;
        }
        var m = JapaneseGreeting().Match(content);
        if (!m.Success)
        {
            return null;
        }
        var name = m.Groups["name"];
        // The honorific the greeting ends with says a person is meant: a given name the dictionary lacks is taken.
        var value = name.ValueSpan.Trim();
        return PersonNameRecognizer.IsJapaneseNameShape(value) || PersonNameRecognizer.IsJapaneseSurname(value) ? (name.Index, name.Length) : null;
    }

    /// <summary>The writer's own name in "…の田中です" / "…の田中でございます", relative to the line.</summary>
    public static (int Start, int Length)? FindSelfIntroduction(string content)
    {
        // The form needs its "の" and "です"/"でございます"; every line of a block comes here and most have none.
        if (!content.Contains('の') || (!content.Contains("です", StringComparison.Ordinal) && !content.Contains("でございます", StringComparison.Ordinal)))
        {
            return null;
        }
        // Matches as offsets, without a Match per line: the name is what lies between "の" and the ending, which
        // the match ends with ("でございます" does not end with "です").
        foreach (var m in SelfIntroduction().EnumerateMatches(content))
        {
            var nameStart = m.Index + 1;
            var nameLength = m.Length - 1 - (content.AsSpan(m.Index, m.Length).EndsWith("です", StringComparison.Ordinal) ? 2 : 6);
            var name = content.AsSpan(nameStart, nameLength);
            // The shortest tail before "です" that is a name: "営業部の田中です" is 田中, not 部の田中.
            for (var skip = 0; skip < name.Length; skip++)
            {
                var candidate = name[skip..];
                if (!char.IsWhiteSpace(candidate[0]) && IsJapaneseNameOrSurname(candidate))
                {
                    return (nameStart + skip, nameLength - skip);
                }
            }
        }
        return null;
    }

    /// <summary>True when the line is an English closing (<c>Best regards,</c>).</summary>
    public static bool IsClosing(string content) =>
        // A closing ends with the last letter of its word (regards, thanks, you, sincerely, cheers, wishes); an ASCII
        // line ending otherwise is not one. Other characters go to the case-insensitive pattern as they are.
        // A closing is at most three words ("yours sincerely", "warmest thank you"), a sentence is not one; and it
        // starts with the first letter of one of its words, which a Japanese line does not.
        (!EndsWith(content, PunctuationAfterClosing, out var last, out var core) || !char.IsAscii(last) || last is 's' or 'S' or 'u' or 'U' or 'y' or 'Y')
        && (core.IsEmpty || ClosingStarts.Contains(core[0])) && Words(core) <= 3 && Closing().IsMatch(content);

    // The first letters of the closing words (best, kind, warm, many, regards, thanks, sincerely, yours, cheers) in
    // either case, and the characters the pattern's case-insensitive match also takes for k and s (Kelvin sign, long s).
    private static readonly SearchValues<char> ClosingStarts = SearchValues.Create("bBkKwWmMrRtTsSyYcC\u212A\u017F");

    /// <summary>The name on the line under a closing, relative to the line.</summary>
    public static (int Start, int Length)? FindClosingName(string content)
    {
        var m = WesternNameLine().Match(content);
        if (!m.Success)
        {
            return null;
        }
        var name = m.Groups["name"];
        var words = name.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var looksLikeName = words.Length == 1 ? PersonNameRecognizer.IsGivenNameShape(words[0]) : PersonNameRecognizer.IsWesternName(name.Value);
        return looksLikeName ? (name.Index, name.Length) : null;
    }

    // The last characters of the honorifics JapaneseGreeting ends with (様, さま, さん, 殿, 部長, 主任, 専務, 先生, ...).
    private static readonly SearchValues<char> HonorificEnds = SearchValues.Create("様まん殿長任務生");

    private const string PunctuationAfterGreeting = "、，,。！!";

    private const string PunctuationAfterClosing = ",.!";

    // The longest greeting: a four-character surname, a space, a four-character given name, a space and a
    // two-character title (the pattern's parts), once white space and punctuation around it are set aside.
    private const int LongestGreeting = 4 + 1 + 4 + 1 + 2;

    // The line's last character once trailing white space, one optional punctuation mark and white space before
    // it are set aside (the patterns' "\s*[punctuation]?\s*$"), and what is left without its leading white space;
    // false for a blank line.
    private static bool EndsWith(string content, string punctuation, out char last, out ReadOnlySpan<char> core)
    {
        var text = content.AsSpan().TrimEnd();
        if (text.Length > 0 && punctuation.Contains(text[^1], StringComparison.Ordinal))
        {
            text = text[..^1].TrimEnd();
        }
        last = text.Length > 0 ? text[^1] : '\0';
        core = text.TrimStart();
        return text.Length > 0;
    }

    // The words of text between white space, counted up to four: a closing has at most three.
    private static int Words(ReadOnlySpan<char> text)
    {
        var words = 0;
        var inWord = false;
        for (var i = 0; i < text.Length && words <= 3; i++)
        {
            var white = char.IsWhiteSpace(text[i]);
            words += !white && !inWord ? 1 : 0;
            inWord = !white;
        }
        return words;
    }

    private static bool IsJapaneseNameOrSurname(ReadOnlySpan<char> text)
    {
        var t = text.Trim();
        return t.Length > 0 && (PersonNameRecognizer.IsJapaneseName(t) || PersonNameRecognizer.IsJapaneseSurname(t));
    }
}
