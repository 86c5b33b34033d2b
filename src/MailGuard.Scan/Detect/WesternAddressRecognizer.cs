using System.Text.RegularExpressions;
using MailGuard.Core;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Western postal addresses by their last line, the one that is hard to mistake: US <c>City, ST 12345</c>,
/// UK <c>Town AB1 2CD</c>, Australian <c>Sydney NSW 2000</c>, Japanese in Latin script <c>Tokyo 103-0027</c>;
/// with the street (<c>455 Lakeshore Blvd</c>) before it on the same line or on the line above.
/// </summary>
internal static partial class WesternAddressRecognizer
{
    private const string StreetWord =
        @"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Row|Terrace|Ter|Place|Pl|Plaza|" +
        @"Parkway|Pkwy|Highway|Hwy|Square|Sq|Circle|Cir|Trail|Quay|Wharf|Crescent|Close|Gardens|Parade|Mews|Walk|Hill)\.?";

    private const string StreetPart =
        @"(?:(?:Unit|Suite|Ste|Flat|Apt|Level)\.?\s*[\w\-]+,?\s+)?\d{1,6}[A-Za-z]?\s+(?:[A-Z0-9][\w.'\-]*\s+){0,4}" + StreetWord +
        @"(?:,?\s+(?:Suite|Ste|Unit|Apt|Floor|Fl|#)\.?\s*[\w\-]+)?,?\s+";

    private const string Street = "(?:" + StreetPart + ")?";

    private const string City = @"[A-Z][a-zA-Z.'\-]+(?:\s[A-Z][a-zA-Z.'\-]+){0,3}";

    // Street without its being optional: the forms whose last line alone is too weak ("Boston MA 02116" without the
    // comma has the shape of "Meeting ID 84555") need the street before it.
    private const string RequiredStreet = "(?:" + StreetPart + ")";

    private const string UsState =
        "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC";

    [GeneratedRegex("(?<![\\w\\-])" + Street + "(?<city>" + City + @"),\s*(?:" + UsState + @")\s+\d{5}(?:-\d{4})?(?![\w\-])")]
    private static partial Regex Us();

    [GeneratedRegex("(?<![\\w\\-])" + RequiredStreet + "(?<city>" + City + @")\s+(?:" + UsState + @")\s+\d{5}(?:-\d{4})?(?![\w\-])")]
    private static partial Regex UsWithoutComma();

    [GeneratedRegex("(?<![\\w\\-])" + Street + "(?<city>" + City + @"),?\s+(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})(?![\w\-])")]
    private static partial Regex Uk();

    [GeneratedRegex("(?<![\\w\\-])" + Street + "(?<city>" + City + @"),?\s+(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}(?![\w\-])")]
    private static partial Regex Au();

    [GeneratedRegex(@"(?<![\w\-])(?<city>Tokyo|Osaka|Kyoto|Hokkaido|Aichi|Kanagawa|Saitama|Chiba|Hyogo|Fukuoka|Nagoya|Yokohama|Sapporo|Kobe|Sendai|Hiroshima|Kawasaki|Kitakyushu)(?:-to|-fu|-ken|-shi)?,?\s+\d{3}-\d{4}(?![\w\-])")]
    private static partial Regex JapanLatin();

    // Cheap tests for the last line of each form, each implied by its full pattern; a full pattern (street part
    // included) runs only on a line its own test hits.
    [GeneratedRegex(@",\s*[A-Z]{2}\s+\d{5}")]
    private static partial Regex UsHint();

    [GeneratedRegex(@"[a-z.] [A-Z]{2}\s+\d{5}")]
    private static partial Regex UsWithoutCommaHint();

    [GeneratedRegex(@"[A-Z]\d[A-Z\d]?\s?\d[A-Z]{2}")]
    private static partial Regex UkHint();

    [GeneratedRegex(@"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}")]
    private static partial Regex AuHint();

    // The postcode alone is the shape of every phone number's last part ("555-0147"), so the hint also asks for what
    // ends each city name or suffix of the full pattern just before it; the search still starts from the digits.
    [GeneratedRegex(@"(?<=(?:kyo|aka|oto|ido|chi|awa|ama|iba|ogo|oka|oya|oro|obe|dai|ima|aki|shu|-to|-fu|ken|shi),?\s+)\d{3}-\d{4}")]
    private static partial Regex JapanLatinHint();

    // With what each hint cannot match without, found by a vectorised search: cheaper than the hint (the Japanese one
    // looks behind every "ddd-dddd", and phone numbers have many), and most lines with digits have none of it.
    private static readonly (Func<Regex> Hint, Func<Regex> Full, Func<string, bool> MayHold)[] Forms =
        [(UsHint, Us, static c => c.Contains(',')), (UsWithoutCommaHint, UsWithoutComma, HasStateBeforeZip),
         (UkHint, Uk, HasCapitalThenDigit), (AuHint, Au, HasCapitalThenSpace), (JapanLatinHint, JapanLatin, HasSpacedPostcode)];

    // " ST 12345": two capitals, white space and five digits after a space, found from the digit runs (most lines
    // with a capital and a space, which a cheaper test would let through, have no such run).
    private static bool HasStateBeforeZip(string content)
    {
        var at = 0;
        while (content.AsSpan(at).IndexOfAnyInRange('0', '9') is var found and >= 0)
        {
            var start = at + found;
            var end = start;
            while (end < content.Length && char.IsAsciiDigit(content[end]))
            {
                end++;
            }
            var state = start - 1;
            while (state > 0 && char.IsWhiteSpace(content[state]))
            {
                state--;
            }
            if (end - start >= 5 && state < start - 1 && state >= 2 && char.IsAsciiLetterUpper(content[state])
                && char.IsAsciiLetterUpper(content[state - 1]) && content[state - 2] == ' ')
            {
                return true;
            }
            at = end;
        }
        return false;
    }

    // "[A-Z]\d": a UK postcode's outward code.
    private static bool HasCapitalThenDigit(string content) => HasCapitalBefore(content, char.IsDigit);

    // "(NSW|VIC|...)\s+": an Australian state before its postcode.
    private static bool HasCapitalThenSpace(string content) => HasCapitalBefore(content, char.IsWhiteSpace);

    private static bool HasCapitalBefore(string content, Func<char, bool> next)
    {
        var rest = content.AsSpan(0, content.Length - 1);
        var at = 0;
        for (var found = rest.IndexOfAnyInRange('A', 'Z'); found >= 0; found = rest[at..].IndexOfAnyInRange('A', 'Z'))
        {
            at += found + 1;
            if (next(content[at]))
            {
                return true;
            }
        }
        return false;
    }

    // "\s\d{3}-\d{4}": the Latin-script Japanese postcode, after the white space the hint looks behind for.
    private static bool HasSpacedPostcode(string content)
    {
        for (var dash = content.IndexOf('-', 4); dash >= 0 && dash + 4 < content.Length; dash = content.IndexOf('-', dash + 1))
        {
            if (char.IsWhiteSpace(content[dash - 4]) && char.IsDigit(content[dash - 3]) && char.IsDigit(content[dash - 1])
                && char.IsDigit(content[dash + 1]) && char.IsDigit(content[dash + 4]))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"^\s*(?:(?:Unit|Suite|Ste|Flat|Apt|Level)\.?\s*[\w\-]+,?\s+)?\d{1,6}[A-Za-z]?\s+(?:[A-Z0-9][\w.'\-]*\s+){0,4}" + StreetWord + @"(?:,.*)?$")]
    private static partial Regex StreetLine();

    // Words that end a title or a company line, never a town: "Components Ltd CB1 2AD" is not an address.
    private static readonly HashSet<string> NotTowns = new(StringComparer.OrdinalIgnoreCase)
    {
        "Ltd", "Inc", "LLC", "Co", "Corp", "Order", "Invoice", "Part", "Ref", "Code", "SKU", "Item", "Model", "Unit", "Size", "Type",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotTownsSpans = NotTowns.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Finds addresses ending on line <paramref name="index"/>.</summary>
    public static List<DetectedItem> Find(IReadOnlyList<Line> lines, int index)
    {
        List<DetectedItem>? found = null;
        Find(lines, index, ref found);
        return found ?? [];
    }

    /// <summary>Adds the addresses ending on line <paramref name="index"/> to <paramref name="found"/>, made when the first is.</summary>
    public static void Find(IReadOnlyList<Line> lines, int index, ref List<DetectedItem>? found)
    {
        // Every last line above has at least two digits (the shortest, a UK postcode "A1 1AA"); counting them is far
        // cheaper than the hint pattern on lines that merely start with a list number or end with a year digit.
        var line = lines[index];
        var content = line.Content;
        if (!MayEndIn(content))
        {
            return;
        }
        foreach (var (hint, full, mayHold) in Forms)
        {
            if (!mayHold(content) || !hint().IsMatch(content))
            {
                continue;
            }
            for (var m = full().Match(content); m.Success; m = m.NextMatch())
            {
                var city = m.Groups["city"].ValueSpan;
                if (NotTownsSpans.Contains(city[(city.LastIndexOf(' ') + 1)..]))
                {
                    continue;
                }
                var start = line.ContentStart + m.Index;
                var text = m.Value;
                if (m.Index == 0 && index > 0 && lines[index - 1].Depth == line.Depth && StreetLine().IsMatch(lines[index - 1].Content))
                {
                    start = lines[index - 1].ContentStart;
                    text = lines[index - 1].Content + " " + text;
                }
                var end = line.ContentStart + m.Index + m.Length;
                (found ??= []).Add(new DetectedItem(FindingKind.PostalAddress, start, end - start, Canonical(text)));
            }
        }
    }

    /// <summary>False when no address can end in <paramref name="content"/>: it has fewer than two digits.</summary>
    public static bool MayEndIn(string content) => content.Length >= 7 && HasTwoDigits(content);

    private static bool HasTwoDigits(string content)
    {
        var first = content.AsSpan().IndexOfAnyInRange('0', '9');
        return first >= 0 && content.AsSpan(first + 1).ContainsAnyInRange('0', '9');
    }

    // The address's words, separated by one space, lower case: what splitting at white space and commas and joining
    // the words with a space gives, in one pass.
    private static string Canonical(string value)
    {
        var words = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var length = 0;
        var gap = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\n' or ',')
            {
                gap = length > 0;
                continue;
            }
            if (gap)
            {
                words[length++] = ' ';
                gap = false;
            }
            words[length++] = c;
        }
        var lower = length <= 256 ? stackalloc char[length] : new char[length];
        words[..length].ToLowerInvariant(lower);
        return new string(lower);
    }
}
