using System.Globalization;
using PhoneNumbers;

namespace MailGuard.Scan.Detect;

/// <summary>
/// libphonenumber's matches per digit run and region within one message. Its matcher is the costliest step of
/// Detect, and a message repeats its numbers: every quoted reply carries the signature again, a table its codes.
/// Not kept across messages: a process-wide cache would hold other people's numbers after their message has gone,
/// and would flatter any benchmark that scans the same messages again.
/// </summary>
internal sealed class PhoneMatches
{
    // Per region, then by the run's text: a run seen before is found from the line's span, without a copy.
    // Made with the first run: most messages have no number to read.
    private Dictionary<string, Dictionary<string, ReadNumber[]>>? _byRegion;

    public ReadNumber[] Find(ReadOnlySpan<char> run, string region)
    {
        _byRegion ??= [];
        if (!_byRegion.TryGetValue(region, out var byRun))
        {
            byRun = new Dictionary<string, ReadNumber[]>(StringComparer.Ordinal);
            _byRegion.Add(region, byRun);
        }
        if (!byRun.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(run, out var found))
        {
            var text = run.ToString();
            found = Read(text, region);
            byRun.Add(text, found);
        }
        return found;
    }

    /// <summary>What <c>FindNumbers</c> at <c>POSSIBLE</c> leniency returns for the run, as a whole text.</summary>
    public static ReadNumber[] Read(string run, string region) =>
        PhoneWholeRun.TryRead(run, region, out var decided) is { } whole ? [whole]
            : decided ? []
            : [.. PhoneNumberUtil.GetInstance().FindNumbers(run, region, PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue)
                .Select(m => new ReadNumber(m.Start, m.RawString, m.Number))];
}

/// <summary>
/// One of libphonenumber's matches with its formatted forms, made once: formatting is the costliest step after the
/// matcher, and a kept match is judged again wherever its run recurs in the message.
/// </summary>
internal sealed class ReadNumber(int start, string rawString, PhoneNumber number)
{
    private string? _e164;
    private string? _national;
    private string? _international;

    public int Start => start;

    public int Length => rawString.Length;

    public string RawString => rawString;

    public PhoneNumber Number => number;

    public string Formatted(PhoneNumberFormat format) => format switch
    {
        PhoneNumberFormat.E164 => _e164 ??= E164(number),
        PhoneNumberFormat.NATIONAL => _national ??= Format(format),
        PhoneNumberFormat.INTERNATIONAL => _international ??= Format(format),
        _ => Format(format),
    };

    private string Format(PhoneNumberFormat format) => PhoneNumberUtil.GetInstance().Format(number, format);

    // What libphonenumber's E.164 is: a plus, the country code, the Italian leading zeros and the national number.
    // Written in place it needs no metadata look-up and no builder; the rare number with no national number or many
    // leading zeros is left to libphonenumber.
    internal static string E164(PhoneNumber number)
    {
        var zeros = number.NumberOfLeadingZeros;
        if (number.NationalNumber == 0 || zeros is < 0 or > MaxLeadingZeros)
        {
            return PhoneNumberUtil.GetInstance().Format(number, PhoneNumberFormat.E164);
        }
        Span<char> text = stackalloc char[1 + 11 + MaxLeadingZeros + 20];
        text[0] = '+';
        number.CountryCode.TryFormat(text[1..], out var code, default, CultureInfo.InvariantCulture);
        var at = 1 + code;
        text.Slice(at, zeros).Fill('0');
        at += zeros;
        number.NationalNumber.TryFormat(text[at..], out var national, default, CultureInfo.InvariantCulture);
        return new string(text[..(at + national)]);
    }

    private const int MaxLeadingZeros = 9;
}
