using System.Globalization;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Whether libphonenumber's matcher could return, for a run of digits in one region, a match that
/// <see cref="PhoneRecognizer"/> would accept. The matcher is the costliest step of Detect and most runs are dates,
/// prices and reference numbers, so a run is handed to it only when every necessary condition holds:
/// <list type="bullet">
/// <item>a run with <c>+</c> or a non-ASCII digit is always handed over (the country-code form and digits this
/// gate does not reason about);</item>
/// <item>NANP: the acceptance needs a ten-digit national number (eleven with the trunk <c>1</c>) that does not start
/// with <c>0</c>, and a match cannot start inside a group of digits, so the run needs a group that starts with 1-9 and
/// from there to the run's end <see cref="NanpNationalLength"/> ASCII digits (a Japanese or British number written
/// with its trunk <c>0</c> is not handed to the NANP);</item>
/// <item>elsewhere: the acceptance needs a national number that starts with the trunk <c>0</c> and not with
/// <c>00</c>, and a match cannot start inside a group of digits (its boundaries must be clean), so the run needs a
/// group that starts with <c>0</c> and a digit other than <c>0</c> after it (a postcode's <c>0027</c> does not);
/// from there to the run's end it needs at least <see cref="MinDigits"/> digits.</item>
/// </list>
/// <see cref="MinDigits"/> comes from the metadata: a <c>POSSIBLE</c> match's national significant number is
/// taken from its digits and has one of the region's possible lengths (local-only ones included), unless the
/// digits start with the region's international prefix, and then they hold that prefix, a country code and a
/// national number of that country.
/// </summary>
internal sealed class PhoneRegionGate
{
    /// <summary>The NANP's national number length (its metadata's only full possible length).</summary>
    public const int NanpNationalLength = 10;

    private static readonly Lazy<int> ShortestInternationalTail = new(ComputeShortestInternationalTail);

    private PhoneRegionGate(bool open, bool nanp, int minDigits)
    {
        IsOpen = open;
        Nanp = nanp;
        MinDigits = minDigits;
    }

    /// <summary>No metadata to reason from: every run is handed to libphonenumber.</summary>
    public bool IsOpen { get; }

    public bool Nanp { get; }

    /// <summary>The fewest digits, from the first group that starts with <c>0</c>, an accepted national match needs.</summary>
    public int MinDigits { get; }

    /// <summary>A gate that hands every run over.</summary>
    public static PhoneRegionGate Open { get; } = new(open: true, nanp: false, 0);

    public static PhoneRegionGate For(string region)
    {
        var util = PhoneNumberUtil.GetInstance();
        var metadata = util.GetMetadataForRegion(region);
        if (metadata is null)
        {
            return Open;
        }
        if (metadata.CountryCode == 1)
        {
            return new PhoneRegionGate(open: false, nanp: true, NanpNationalLength);
        }
        var national = ShortestLength(metadata.GeneralDesc);
        var prefix = ShortestTrunkLikeInternationalPrefix(metadata.InternationalPrefix);
        var viaPrefix = prefix is null ? int.MaxValue : prefix.Value + ShortestInternationalTail.Value;
        return new PhoneRegionGate(open: false, nanp: false, Math.Min(national, viaPrefix));
    }

    public bool MayAccept(in RunShape run)
    {
        if (IsOpen || run.HasPlus || run.HasOtherDigits)
        {
            return true;
        }
        return Nanp ? run.DigitsFromNonZeroGroup >= NanpNationalLength : run.DigitsFromTrunkGroup >= MinDigits;
    }

    // Metadata without lengths falls back on libphonenumber's shortest national number of all (two digits).
    private static int ShortestLength(PhoneNumberDesc desc) =>
        desc.PossibleLengthList.Concat(desc.PossibleLengthLocalOnlyList).DefaultIfEmpty(2).Min();

    // A national match must start with 0 and not with 00, so only an international prefix of that form can begin
    // an accepted match. Its shortest length is found by trying every digit string of up to four digits; a longer
    // one counts as five, which is a lower bound.
    private static int? ShortestTrunkLikeInternationalPrefix(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }
        var whole = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant);
        if (whole.IsMatch("0"))
        {
            return 1;
        }
        for (var length = 2; length <= 4; length++)
        {
            var count = (int)Math.Pow(10, length - 1);
            // "0" and then length-1 digits whose first is not 0.
            for (var rest = count / 10; rest < count; rest++)
            {
                if (whole.IsMatch("0" + rest.ToString(CultureInfo.InvariantCulture)))
                {
                    return length;
                }
            }
        }
        return 5;
    }

    // After an international prefix: a country code and a national number of that country.
    private static int ComputeShortestInternationalTail()
    {
        var util = PhoneNumberUtil.GetInstance();
        var shortest = int.MaxValue;
        foreach (var region in util.GetSupportedRegions())
        {
            var metadata = util.GetMetadataForRegion(region);
            shortest = Math.Min(shortest, metadata.CountryCode.ToString(CultureInfo.InvariantCulture).Length + ShortestLength(metadata.GeneralDesc));
        }
        foreach (var code in util.GetSupportedGlobalNetworkCallingCodes())
        {
            var metadata = util.GetMetadataForNonGeographicalRegion(code);
            shortest = Math.Min(shortest, code.ToString(CultureInfo.InvariantCulture).Length + ShortestLength(metadata.GeneralDesc));
        }
        return shortest;
    }
}

/// <summary>What <see cref="PhoneRegionGate"/> reads of a candidate run, in one pass.</summary>
/// <param name="AsciiDigits">ASCII digits in the run.</param>
/// <param name="DigitsFromZeroGroup">ASCII digits from the first group that starts with 0 to the run's end; 0 when none does.</param>
/// <param name="HasPlus">The run has a <c>+</c>.</param>
/// <param name="HasOtherDigits">The run has a digit outside ASCII.</param>
/// <param name="DigitsFromNonZeroGroup">ASCII digits from the first group that starts with 1-9 to the run's end; 0 when none does.</param>
/// <param name="DigitsFromTrunkGroup">
/// ASCII digits from the first group that starts with 0 and whose next digit is not 0 to the run's end; 0 when none
/// does. An accepted national match's digits start with 0 and not with 00, and with "(0)" dropped; a run with "(0)"
/// counts from its first group that starts with 0, as <paramref name="DigitsFromZeroGroup"/> does.
/// </param>
internal readonly record struct RunShape(int AsciiDigits, int DigitsFromZeroGroup, bool HasPlus, bool HasOtherDigits, int DigitsFromNonZeroGroup, int DigitsFromTrunkGroup)
{
    /// <summary>Reads <c>line[start..start+length]</c>; a group starts at a digit whose previous character in the line is not one.</summary>
    public static RunShape Of(string line, int start, int length)
    {
        var digits = 0;
        var fromZero = -1;
        var fromNonZero = -1;
        var fromTrunk = -1;
        // A group that starts with 0 waits for the next digit: 0 there makes "00", which no national match starts with.
        var pendingTrunk = -1;
        var plus = false;
        var other = false;
        for (var i = start; i < start + length; i++)
        {
            var c = line[i];
            if (char.IsAsciiDigit(c))
            {
                if (pendingTrunk >= 0)
                {
                    fromTrunk = c == '0' ? fromTrunk : pendingTrunk;
                    pendingTrunk = -1;
                }
                if (i == 0 || !char.IsAsciiDigit(line[i - 1]))
                {
                    if (c == '0')
                    {
                        fromZero = fromZero < 0 ? digits : fromZero;
                        pendingTrunk = fromTrunk < 0 ? digits : -1;
                    }
                    else
                    {
                        fromNonZero = fromNonZero < 0 ? digits : fromNonZero;
                    }
                }
                digits++;
            }
            else if (c == '+')
            {
                plus = true;
            }
            else if (char.IsDigit(c))
            {
                other = true;
            }
        }
        var zeroCount = fromZero < 0 ? 0 : digits - fromZero;
        var trunkCount = line.AsSpan(start, length).Contains("(0)", StringComparison.Ordinal) ? zeroCount
            : fromTrunk < 0 ? 0 : digits - fromTrunk;
        return new RunShape(digits, zeroCount, plus, other, fromNonZero < 0 ? 0 : digits - fromNonZero, trunkCount);
    }
}
