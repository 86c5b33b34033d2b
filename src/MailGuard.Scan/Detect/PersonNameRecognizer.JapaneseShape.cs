namespace MailGuard.Scan.Detect;

/// <summary>
/// Japanese full names whose given name the dictionary lacks, by their shape, for the places where something else
/// says a person is meant (an honorific, an address beside a display name, a name line of a contact block).
/// </summary>
internal static partial class PersonNameRecognizer
{
    /// <summary>
    /// A Japanese full name whose given name the dictionary may lack: a known surname, then one to three kanji or two
    /// to four kana of one script (<c>森田 拓海</c>, <c>中島 さくら</c>, <c>中島さくら</c>), no title or organisation word.
    /// IPAdic predates many given names now common; this shape is only taken where something else says a person
    /// is meant: an honorific after it, an address beside a display name, a contact block's line of its own.
    /// </summary>
    public static bool IsJapaneseNameShape(ReadOnlySpan<char> text)
    {
        if (IsJapaneseName(text))
        {
            return true;
        }
        var trimmed = text.Trim();
        var space = trimmed.IndexOfAny(' ', '\u3000');
        if (space > 0)
        {
            var given = trimmed[(space + 1)..].TrimStart();
            return given.IndexOfAny(' ', '\u3000') < 0 && IsJapaneseSurname(trimmed[..space]) && IsGivenNameShape(given);
        }
        // Joined, the split is only sure where the script changes: a kanji surname, a kana given name.
        for (var split = Math.Min(3, trimmed.Length - 2); split >= 1; split--)
        {
            var given = trimmed[split..];
            if (!trimmed[..split].ContainsAnyInRange('\u3040', '\u30ff') && IsKana(given) && IsJapaneseSurname(trimmed[..split]) && IsGivenNameShape(given))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsGivenNameShape(ReadOnlySpan<char> given)
    {
        if (given.IsEmpty || JapaneseNonNamesSpans.Contains(given))
        {
            return false;
        }
        if (IsKana(given))
        {
            return given.Length is >= 2 and <= 4 && !StartsWithAny(given, KanaNonNames);
        }
        if (given.Length > 3)
        {
            return false;
        }
        foreach (var c in given)
        {
            if (!IsKanji(c))
            {
                return false;
            }
        }
        foreach (var word in OrganisationWords)
        {
            if (given.EndsWith(word, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    // All hiragana or all katakana: a given name is written in one script.
    private static bool IsKana(ReadOnlySpan<char> text) =>
        !text.IsEmpty && (!text.ContainsAnyExceptInRange('\u3041', '\u309f') || !text.ContainsAnyExceptInRange('\u30a1', '\u30ff'));

    // An honorific that ends a word: "様子", "様式", "氏名", "殿堂" are words of their own, not a name's honorific.
    private static bool IsHonorificWordEnd(string content, int after) =>
        after >= content.Length || !IsKanji(content[after]);

    private static bool IsKanji(char c) => c is >= '\u4e00' and <= '\u9fff' or '々' or 'ヶ';

    // How the kana after a surname starts when it is a sentence going on or a place, not a given name ("田中 さま",
    // "鈴木 からも", "関西 エリア").
    private static readonly string[] KanaNonNames =
        ["さま", "さん", "くん", "ちゃん", "たち", "ども", "から", "まで", "より", "への", "など", "には", "では", "にも", "でも", "です",
         "センター", "グループ", "チーム", "エリア", "オフィス", "サービス", "ビル", "ストア", "ショップ", "ホール"];

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    // What ends the name of a company, a department or a group rather than a person ("山田 商店様", "田中 工業殿",
    // "営業部 一同").
    private static readonly string[] OrganisationWords =
    [
        "商店", "商事", "商会", "工業", "産業", "物流", "運輸", "建設", "電機", "電気", "設計", "企画", "印刷", "食品", "精機",
        "興業", "銀行", "病院", "医院", "薬局", "事務所", "製作所", "営業所", "工場", "協会", "組合", "財団", "部", "課", "室", "係",
        "局", "店", "社", "所", "院", "館", "一同",
    ];

    // A contact block's line that is nothing but a known surname and a given-name shape ("森田 拓海" under the
    // company line of a signature) is its person's name even when the dictionary lacks the given name: a line of
    // its own in a block with a phone or an address is where a signature puts the name.
    private static void AddWholeLineJapaneseName(string text, int from, List<(int Start, int Length)> found)
    {
        var rest = text.AsSpan(from);
        var start = rest.Length - rest.TrimStart().Length;
        var name = rest.Trim();
        if (name.Length is >= 3 and <= LongestJapaneseLineName && IsJapaneseNameShape(name))
        {
            found.Add((from + start, name.Length));
        }
    }

    // A three-character surname, a space and a four-character given name.
    private const int LongestJapaneseLineName = 3 + 1 + 4;
}
