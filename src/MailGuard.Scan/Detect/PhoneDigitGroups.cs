namespace MailGuard.Scan.Detect;

/// <summary>
/// The groups of ASCII digits of a number as written or formatted, read in place: judging a candidate needs only
/// their count, lengths and first digits, not a string per group.
/// </summary>
/// <param name="text">The number.</param>
/// <param name="bracketedZeroIsDigit">
/// False for a number as written: the <c>0</c> of <c>(0)</c>, the trunk prefix written as optional
/// (<c>+44 (0)20 7946 0958</c>), is no digit of the number and separates the groups around it.
/// </param>
internal ref struct PhoneDigitGroups(ReadOnlySpan<char> text, bool bracketedZeroIsDigit)
{
    private readonly ReadOnlySpan<char> _text = text;
    private int _next;

    /// <summary>Where the current group starts in the text.</summary>
    public int Start { get; private set; }

    public int Length { get; private set; }

    /// <summary>The current group's digits.</summary>
    public readonly ReadOnlySpan<char> Digits => _text.Slice(Start, Length);

    public bool MoveNext()
    {
        var at = _next;
        while (at < _text.Length && !IsDigitAt(at))
        {
            at++;
        }
        var end = at;
        while (end < _text.Length && IsDigitAt(end))
        {
            end++;
        }
        (Start, Length, _next) = (at, end - at, end);
        return end > at;
    }

    /// <summary>True when both texts have the same number of groups, more than one, of the same lengths in order.</summary>
    public static bool SameLengths(PhoneDigitGroups written, PhoneDigitGroups formatted)
    {
        var count = 0;
        while (written.MoveNext())
        {
            if (!formatted.MoveNext() || formatted.Length != written.Length)
            {
                return false;
            }
            count++;
        }
        return !formatted.MoveNext() && count > 1;
    }

    private readonly bool IsDigitAt(int at) =>
        char.IsAsciiDigit(_text[at]) && (bracketedZeroIsDigit || !IsBracketedZero(at));

    private readonly bool IsBracketedZero(int at) =>
        _text[at] == '0' && at > 0 && _text[at - 1] == '(' && at + 1 < _text.Length && _text[at + 1] == ')';
}

/// <summary>What judging a number as written reads of its digit groups, in one pass and without strings.</summary>
internal readonly ref struct WrittenNumber
{
    /// <summary>How many of the first digits <see cref="Lead"/> holds: enough for a trunk 1 and a NANP exchange.</summary>
    public const int LeadLength = 5;

    /// <summary>Written with its country code: the first character that is neither white space nor a "(0)" is a plus.</summary>
    public bool International { get; private init; }

    /// <summary>All digits, "(0)" not counted.</summary>
    public int Digits { get; private init; }

    public int Groups { get; private init; }

    /// <summary>The first, second and third group's lengths (0 for a group that is not there).</summary>
    public int First { get; private init; }

    public int Second { get; private init; }

    public int Third { get; private init; }

    /// <summary>The first digits, up to <see cref="LeadLength"/>, across groups.</summary>
    public ReadOnlySpan<char> Lead { get; private init; }

    /// <param name="raw">The number as written.</param>
    /// <param name="lead">Room for <see cref="LeadLength"/> digits.</param>
    public static WrittenNumber Of(string raw, Span<char> lead)
    {
        var groups = new PhoneDigitGroups(raw, bracketedZeroIsDigit: false);
        var (digits, count, first, second, third) = (0, 0, 0, 0, 0);
        while (groups.MoveNext())
        {
            (first, second, third) = count switch
            {
                0 => (groups.Length, second, third),
                1 => (first, groups.Length, third),
                2 => (first, second, groups.Length),
                _ => (first, second, third),
            };
            count++;
            var take = Math.Min(groups.Length, lead.Length - digits);
            if (take > 0)
            {
                groups.Digits[..take].CopyTo(lead[digits..]);
            }
            digits += groups.Length;
        }
        return new WrittenNumber
        {
            International = IsInternational(raw), Digits = digits, Groups = count,
            First = first, Second = second, Third = third, Lead = lead[..Math.Min(digits, lead.Length)],
        };
    }

    private static bool IsInternational(string raw)
    {
        var at = 0;
        while (at < raw.Length)
        {
            if (raw.AsSpan(at).StartsWith("(0)", StringComparison.Ordinal))
            {
                at += 3;
            }
            else if (char.IsWhiteSpace(raw[at]))
            {
                at++;
            }
            else
            {
                break;
            }
        }
        return at < raw.Length && raw[at] == '+';
    }
}
