using System.Buffers;
using PhoneNumbers;

namespace MailGuard.Scan.Detect;

/// <summary>
/// libphonenumber's answer for a run it would read as one number, without its matcher. Over a text that is one
/// candidate run, <c>FindNumbers</c> at <c>POSSIBLE</c> leniency: matches its pattern (optional leading <c>+</c> or
/// bracket, then up to 21 digit groups of up to 20 digits with up to four punctuation marks between them) over the
/// whole run; cuts the run at a second number only before an <c>x</c>; skips it as a publication page only when a
/// bracket follows a dash (<c>211-227 (2003</c>) and as a date only with two slashes (a timestamp needs text after
/// the run, and there is none); requires its brackets to match; then parses it keeping the raw input, verifies
/// <c>IsPossibleNumber</c> and clears the raw input, its source and the carrier code, which leaves what a plain
/// <c>Parse</c> makes. The match is then the whole run and nothing follows it. A run of any other shape, or one
/// that does not parse as a possible number, goes to the matcher, which may still find a number inside it.
/// </summary>
internal static class PhoneWholeRun
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // More digits than libphonenumber's longest national number rarely parse as one number; the matcher then
    // looks for numbers inside the run, so such a run goes straight to it.
    private const int MaxDigits = 17;

    private const int MaxGroupDigits = 20;

    private const int MaxGroups = 21;

    private const int MaxPunctuation = 4;

    private static readonly SearchValues<char> DigitsAndDashes = SearchValues.Create("0123456789-");

    /// <summary>The single match <c>FindNumbers</c> would return for <paramref name="run"/>, or null when this cannot tell.</summary>
    public static ReadNumber? TryRead(string run, string region) => TryRead(run, region, out _);

    /// <summary>The single match <c>FindNumbers</c> would return for <paramref name="run"/>, or null.</summary>
    /// <param name="run">The run.</param>
    /// <param name="region">The region national numbers are read for.</param>
    /// <param name="decided">
    /// True also when null is the matcher's answer: when the whole run is no number, the matcher looks for one
    /// inside it only after a slash, a bracket, a dot, white space or a dash other than the ASCII one (its inner
    /// match patterns), so a run of digits and ASCII dashes has none.
    /// </param>
    public static ReadNumber? TryRead(string run, string region, out bool decided)
    {
        decided = false;
        // The parse is given the run's plus and digits alone: the separators a candidate may have are what
        // libphonenumber's normalisation drops, and without them its patterns (viability, extension, the national
        // prefix) have less to read.
        Span<char> dialled = stackalloc char[MaxDigits + 1];
        if (!IsOneCandidate(run, dialled, out var length))
        {
            return null;
        }
        decided = !run.AsSpan(run[0] == '+' ? 1 : 0).ContainsAnyExcept(DigitsAndDashes);
        PhoneNumber number;
        try
        {
            number = Util.Parse(new string(dialled[..length]), region);
        }
        catch (NumberParseException)
        {
            return null;
        }
        if (Util.IsPossibleNumber(number))
        {
            decided = true;
            return new ReadNumber(0, run, number);
        }
        return null;
    }

    /// <summary>True when the matcher's pattern and its pre-parse checks take <paramref name="run"/> whole.</summary>
    public static bool IsOneCandidate(string run) => IsOneCandidate(run, stackalloc char[MaxDigits + 1], out _);

    /// <param name="run">The run.</param>
    /// <param name="dialled">Room for the run's plus and <see cref="MaxDigits"/> digits.</param>
    /// <param name="length">How much of <paramref name="dialled"/> the run's plus and digits fill.</param>
    private static bool IsOneCandidate(string run, Span<char> dialled, out int length)
    {
        length = 0;
        var lead = run.Length > 0 && run[0] is '+' or '(' ? 1 : 0;
        if (run.Length <= lead || !char.IsAsciiDigit(run[lead]) || !char.IsAsciiDigit(run[^1]))
        {
            return false;
        }
        if (run[0] == '+')
        {
            dialled[length++] = '+';
        }
        var (digits, groups, groupDigits, punctuation, slashes) = (0, 0, 0, 0, 0);
        var (open, close, dash) = (lead == 1 && run[0] == '(' ? 0 : -1, -1, false);
        for (var i = lead; i < run.Length; i++)
        {
            var c = run[i];
            if (char.IsAsciiDigit(c))
            {
                groups += groupDigits == 0 ? 1 : 0;
                if (++groupDigits > MaxGroupDigits || ++digits > MaxDigits || groups > MaxGroups)
                {
                    return false;
                }
                punctuation = 0;
                dialled[length++] = c;
                continue;
            }
            groupDigits = 0;
            if (++punctuation > MaxPunctuation)
            {
                return false;
            }
            switch (c)
            {
                case ' ' or '.':
                    break;
                case '-':
                    dash = true;
                    break;
                case '/' when ++slashes > 1:
                    return false;
                case '/':
                    break;
                // One bracket of each kind, the opening one first: the matcher's bracket check passes, and a dash
                // before it is a possible publication page.
                case '(' when open >= 0 || dash:
                    return false;
                case '(':
                    open = i;
                    break;
                case ')' when close >= 0:
                    return false;
                case ')':
                    close = i;
                    break;
                default:
                    return false;
            }
        }
        return open < 0 ? true : close < 0 ? open == 0 : open < close - 1;
    }
}
