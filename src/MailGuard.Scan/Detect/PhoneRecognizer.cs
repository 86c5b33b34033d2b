using System.Text.RegularExpressions;
using MailGuard.Core;
using PhoneNumbers;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Phone numbers via libphonenumber's <c>FindNumbers</c> at <c>POSSIBLE</c> leniency: the fictional ranges used in
/// test mail (<c>03-0000-7123</c>, <c>555-01xx</c>, <c>07700 900xxx</c>) are not <c>VALID</c>, but they are what real
/// numbers look like. Precision comes from the shape instead: the digit groups as written must be the groups the
/// region formats the number into, so order numbers, dates, SKUs and part numbers (<c>0120-4477-25</c>,
/// <c>2025-05-20</c>, <c>415-555-0199-B</c>, <c>INV-2025-05-0193</c>) do not pass.
/// </summary>
internal sealed partial class PhoneRecognizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private readonly string[] _japaneseFirst;
    private readonly string[] _japaneseLast;
    private readonly Dictionary<string, PhoneRegionGate> _gates;

    /// <param name="regions">The regions national numbers are read for, in order.</param>
    /// <param name="gated">False hands every run to libphonenumber (tests compare the two).</param>
    public PhoneRecognizer(IEnumerable<string> regions, bool gated = true)
    {
        string[] configured = [.. regions.Select(r => r.Trim().ToUpperInvariant()).Where(r => r.Length == 2)];
        if (configured.Length == 0)
        {
            configured = DetectOptions.DefaultPhoneRegions;
        }
        // Japanese text puts JP first whatever the configured order; Latin text puts it last. Both orders are per
        // configuration, not per number.
        _japaneseFirst = [.. configured.OrderBy(r => r == "JP" ? 0 : 1)];
        _japaneseLast = [.. configured.OrderBy(r => r == "JP" ? 1 : 0)];
        _gates = configured.Distinct().ToDictionary(r => r, r => gated ? PhoneRegionGate.For(r) : PhoneRegionGate.Open);
    }

    // A word that says a number is a phone number.
    [GeneratedRegex(@"(?:(?i)\b(?:tel|phone|fax|mobile|mob|cell|direct|office|main|call|text|whatsapp|ph)\b)|\b[TMFP]\s*[:.]|電話|携帯|直通|代表|内線|連絡先")]
    private static partial Regex ContextWord();

    [GeneratedRegex(@"[+(]?\d[\d \t\-./()~]{5,}\d")]
    private static partial Regex Candidate();

    /// <summary>Finds phone numbers in one line; offsets are relative to it plus <paramref name="offset"/>.</summary>
    /// <param name="japaneseText">The text around is Japanese: prefer Japan's reading of a national number.</param>
    /// <param name="matches">libphonenumber's matches already made for this message, reused for a run seen before.</param>
    public IReadOnlyList<DetectedItem> Find(string line, int offset = 0, bool japaneseText = false, PhoneMatches? matches = null)
    {
        // libphonenumber's matcher is costly for its length of input: it reads only runs of digits and separators
        // long enough to be a number (most lines, with dates, prices and prose, have none), and stops at the first
        // region that accepts the run. A run is read only with seven ASCII digits, so a line with fewer gets no
        // pattern scan at all (dates, prices and list numbers).
        if (!HasAsciiDigits(line, 7))
        {
            return [];
        }
        // Runs as offsets: most runs with seven digits are still dates, prices and codes that no gate lets through,
        // and they get neither a Match object nor a copy of their text.
        List<DetectedItem>? found = null;
        string[]? regions = null;
        foreach (var run in Candidate().EnumerateMatches(line))
        {
            var shape = RunShape.Of(line, run.Index, run.Length);
            if (shape.AsciiDigits < 7)
            {
                continue;
            }
            regions ??= japaneseText || IsJapanese(line) ? _japaneseFirst : _japaneseLast;
            string? text = null;
            foreach (var region in regions)
            {
                if (!_gates[region].MayAccept(shape))
                {
                    continue;
                }
                var read = matches?.Find(line.AsSpan(run.Index, run.Length), region)
                    ?? PhoneMatches.Read(text ??= line.Substring(run.Index, run.Length), region);
                var accepted = false;
                foreach (var match in read)
                {
                    var start = run.Index + match.Start;
                    var end = start + match.Length;
                    if (found is not null && Overlaps(found, start + offset, end + offset))
                    {
                        continue;
                    }
                    if (Accept(line, start, end, match, region))
                    {
                        // libphonenumber keeps a bracket that opens a number and never closes ("(090-0000-7145) in
                        // prose, the bracket closed after an extension note): it belongs to the sentence, not the number.
                        var open = line[start] == '(' && line.AsSpan(start, end - start).IndexOf(')') < 0 ? 1 : 0;
                        (found ??= []).Add(new DetectedItem(FindingKind.Phone, offset + start + open, match.Length - open, match.Formatted(PhoneNumberFormat.E164)));
                        accepted = true;
                    }
                }
                if (accepted)
                {
                    break;
                }
            }
        }
        return found ?? (IReadOnlyList<DetectedItem>)[];
    }

    private static bool Overlaps(List<DetectedItem> found, int start, int end)
    {
        foreach (var f in found)
        {
            if (f.Start < end && start < f.Start + f.Length)
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasAsciiDigits(string line, int count)
    {
        var rest = line.AsSpan();
        for (var seen = 0; seen < count; seen++)
        {
            var at = rest.IndexOfAnyInRange('0', '9');
            if (at < 0)
            {
                return false;
            }
            rest = rest[(at + 1)..];
        }
        return true;
    }

    /// <summary>True when the text has kana or kanji.</summary>
    public static bool IsJapanese(string text) =>
        text.AsSpan().ContainsAnyInRange('\u4e00', '\u9fff') || text.AsSpan().ContainsAnyInRange('\u3040', '\u30ff');

    private static bool Accept(string line, int start, int end, ReadNumber match, string region)
    {
        if (!BoundariesAreClean(line, start, end))
        {
            return false;
        }
        // The number as written, in place: "(0)" dropped, its digit count, first digits and first groups' lengths.
        var raw = match.RawString;
        Span<char> lead = stackalloc char[WrittenNumber.LeadLength];
        var written = WrittenNumber.Of(raw, lead);
        if (!written.International)
        {
            if (written.Digits == 0 || written.Lead.StartsWith("00", StringComparison.Ordinal))
            {
                return false;
            }
            // National numbers outside NANP are written with the trunk prefix; without it they are local-only
            // numbers or, far more often, reference numbers.
            var nanp = Util.GetCountryCodeForRegion(region) == 1;
            if (nanp ? !IsNanpShape(written) : written.Lead[0] != '0')
            {
                return false;
            }
        }
        if (written.Groups == 1)
        {
            // A bare run of digits is a number only when something says it is a phone number.
            return ContextWord().IsMatch(line.AsSpan(0, start)) && Util.IsValidNumber(match.Number);
        }
        // The Japanese shape first: it needs no formatting, and formatting (choosing the region's pattern by its
        // leading-digit patterns) is most of what accepting a number costs.
        if (region == "JP" && IsJapaneseShape(written))
        {
            return true;
        }
        var formatted = match.Formatted(written.International ? PhoneNumberFormat.INTERNATIONAL : PhoneNumberFormat.NATIONAL);
        // A number the region cannot even format (one group) is not one of its numbers.
        return PhoneDigitGroups.SameLengths(new(raw, bracketedZeroIsDigit: false), new(formatted, bracketedZeroIsDigit: true));
    }

    // Area code and exchange start with 2-9 (an optional leading 1 is the trunk prefix).
    private static bool IsNanpShape(in WrittenNumber written)
    {
        var trunk = written.Digits == PhoneRegionGate.NanpNationalLength + 1 && written.Lead[0] == '1' ? 1 : 0;
        return written.Digits - trunk == PhoneRegionGate.NanpNationalLength
            && written.Lead[trunk] >= '2' && written.Lead[trunk + 3] >= '2';
    }

    // Japanese numbers as people write them, whatever the metadata says of the fictional 0000 exchanges:
    // area code and exchange make six digits, then four (06-0000-1238, 075-000-8899, 0467-00-1234);
    // mobile and IP phones are 0X0-XXXX-XXXX; toll-free 0120-XXX-XXX.
    private static bool IsJapaneseShape(in WrittenNumber written)
    {
        var (a, b, c) = (written.First, written.Second, written.Third);
        var first = written.Lead;
        if (written.Groups != 3 || first[0] != '0' || a < 2 || first[1] == '0')
        {
            return false;
        }
        if (a + b == 6 && c == 4 && a <= 5)
        {
            return true;
        }
        if (a == 3 && b == 4 && c == 4 && first[2] == '0' && first[1] is '5' or '7' or '8' or '9')
        {
            return true;
        }
        return a == 4 && (first.StartsWith("0120", StringComparison.Ordinal) || first.StartsWith("0800", StringComparison.Ordinal)) && b == 3 && c == 3;
    }
}
