using System.Buffers;
using System.Text.RegularExpressions;
using MailGuard.Core;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Japanese postal addresses: an optional <c>〒</c> code, a prefecture (or a designated city and its ward), the
/// municipality and the block number (<c>9-9-9</c>, <c>丁目/番地/号</c>), and the building and floor; also when the
/// code, the address or the building sits on a line of its own.
/// </summary>
internal static partial class JapaneseAddressRecognizer
{
    private const string Prefecture =
        "北海道|東京都|大阪府|京都府|青森県|岩手県|宮城県|秋田県|山形県|福島県|茨城県|栃木県|群馬県|埼玉県|千葉県|神奈川県|" +
        "新潟県|富山県|石川県|福井県|山梨県|長野県|岐阜県|静岡県|愛知県|三重県|滋賀県|兵庫県|奈良県|和歌山県|鳥取県|島根県|" +
        "岡山県|広島県|山口県|徳島県|香川県|愛媛県|高知県|福岡県|佐賀県|長崎県|熊本県|大分県|宮崎県|鹿児島県|沖縄県";

    [GeneratedRegex(@"(?:〒\s*(?<code>\d{3}-?\d{4})\s*)?(?<pref>" + Prefecture + @")(?<rest>[^\s、,，。()（）「」]{2,40})")]
    private static partial Regex Address();

    private static readonly SearchValues<char> PrefectureEnds = SearchValues.Create("都道府県");

    // The designated cities, whose addresses are written without the prefecture ("大阪市北区梅田9-1-1"): the city
    // and its ward say where it is as surely as a prefecture does.
    private const string DesignatedCity =
        "札幌市|仙台市|さいたま市|千葉市|横浜市|川崎市|相模原市|新潟市|静岡市|浜松市|名古屋市|京都市|大阪市|堺市|神戸市|" +
        "岡山市|広島市|北九州市|福岡市|熊本市";

    [GeneratedRegex(@"(?:〒\s*(?<code>\d{3}-?\d{4})\s*)?(?<pref>" + DesignatedCity + @")(?<rest>[^\s、,，。()（）「」]{1,6}区[^\s、,，。()（）「」]{2,34})")]
    private static partial Regex CityAddress();

    [GeneratedRegex(@"^\s*〒\s*\d{3}-?\d{4}\s*$")]
    private static partial Regex CodeOnly();

    [GeneratedRegex(@"〒\s*\d{3}-?\d{4}")]
    private static partial Regex Code();

    [GeneratedRegex(@"^[\s]*[^\s、。]{1,30}(?:ビル|タワー|棟|館|階|F|号室|ハイツ|マンション|荘|プラザ|センター|スクエア|テラス|レジデンス|コーポ)[^\s、。]*")]
    private static partial Regex Building();

    [GeneratedRegex(@"\d|丁目|番地|番|号")]
    private static partial Regex HasNumber();

    /// <summary>Finds addresses starting on line <paramref name="index"/> (continuations may take the next line).</summary>
    public static List<DetectedItem> Find(IReadOnlyList<Line> lines, int index)
    {
        List<DetectedItem>? found = null;
        Find(lines, index, ref found);
        return found ?? [];
    }

    /// <summary>Adds the addresses starting on line <paramref name="index"/> to <paramref name="found"/>, made when the first is.</summary>
    public static void Find(IReadOnlyList<Line> lines, int index, ref List<DetectedItem>? found)
    {
        var line = lines[index];
        var content = line.Content;
        // Most lines have no postcode mark, no prefecture ending, and not both 市 and 区.
        if (!MayStartIn(content))
        {
            return;
        }
        if (CodeOnly().IsMatch(content))
        {
            // The code alone here, the address on the next line: one address.
            if (index + 1 < lines.Count && AddressOrCity(lines[index + 1].Content) is { Success: true } next
                && next.Index <= 2 && HasNumber().IsMatch(next.Groups["rest"].ValueSpan))
            {
                var end = ExtendWithBuilding(lines, index + 1, next);
                (found ??= []).Add(Item(line.ContentStart + content.IndexOf('〒'), end, content + next.Value));
                return;
            }
            var code = Code().Match(content);
            (found ??= []).Add(Item(line.ContentStart + code.Index, line.ContentStart + code.Index + code.Length, code.Value));
            return;
        }
        var any = false;
        var prefectureOrCode = content.Contains('〒') || content.AsSpan().ContainsAny(PrefectureEnds);
        // Match by match: 都 and 道 end prefectures but are in much Japanese prose (都合, 報道), which has no address.
        for (var m = prefectureOrCode ? Address().Match(content) : Match.Empty; m.Success; m = m.NextMatch())
        {
            if (!HasNumber().IsMatch(m.Groups["rest"].ValueSpan))
            {
                continue;
            }
            any = true;
            var end = ExtendWithBuilding(lines, index, m);
            (found ??= []).Add(Item(line.ContentStart + m.Index, end, m.Value));
        }
        // Without a prefecture, a designated city and its ward start the address.
        for (var m = any || !HasCityAndWard(content) ? Match.Empty : CityAddress().Match(content); m.Success; m = m.NextMatch())
        {
            if (!HasNumber().IsMatch(m.Groups["rest"].ValueSpan))
            {
                continue;
            }
            any = true;
            var end = ExtendWithBuilding(lines, index, m);
            (found ??= []).Add(Item(line.ContentStart + m.Index, end, m.Value));
        }
        if (!any && prefectureOrCode && Code().Match(content) is { Success: true } lone && (index + 1 >= lines.Count || !Address().IsMatch(lines[index + 1].Content)))
        {
            (found ??= []).Add(Item(line.ContentStart + lone.Index, line.ContentStart + lone.Index + lone.Length, lone.Value));
        }
    }

    /// <summary>False when no address can start in <paramref name="content"/>: it has no postcode mark, prefecture ending, or 市 and 区.</summary>
    public static bool MayStartIn(string content) =>
        content.Length >= 4 && (content.Contains('〒') || content.AsSpan().ContainsAny(PrefectureEnds) || HasCityAndWard(content));

    private static bool HasCityAndWard(string content) => content.Contains('市') && content.Contains('区');

    private static Match AddressOrCity(string content) => Address().Match(content) is { Success: true } m ? m : CityAddress().Match(content);

    // The building follows after a space on the same line, or on the next, indented line.
    private static int ExtendWithBuilding(IReadOnlyList<Line> lines, int index, Match m)
    {
        var line = lines[index];
        var after = line.Content.AsSpan(m.Index + m.Length);
        // The pattern starts with "^", which holds at the start of the rest of the line.
        foreach (var same in Building().EnumerateMatches(after))
        {
            return line.ContentStart + m.Index + m.Length + same.Length;
        }
        if (after.IsWhiteSpace() && index + 1 < lines.Count)
        {
            var next = lines[index + 1];
            if (next.Content.Length > 0 && char.IsWhiteSpace(next.Content[0]) && Building().Match(next.Content) is { Success: true } wrapped)
            {
                return next.ContentStart + wrapped.Length;
            }
        }
        return line.ContentStart + m.Index + m.Length;
    }

    private static DetectedItem Item(int start, int end, string value) =>
        new(FindingKind.PostalAddress, start, end - start, Canonical(value));

    private static string Canonical(string value)
    {
        // Addresses are short (the pattern takes at most 40 characters after the prefecture, a building at most a line).
        var kept = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var length = 0;
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
            {
                kept[length++] = c;
            }
        }
        return length == value.Length ? value : new string(kept[..length]);
    }
}
