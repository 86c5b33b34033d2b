using System.Collections.Concurrent;
using PhoneNumbers;

namespace MailGuard.Scan.Detect;

/// <summary>
/// libphonenumber's matches per digit run and region. Its matcher is the costliest step of Detect, and mail repeats
/// its numbers: every quoted reply carries the signature again, a table its codes, and an organisation's outbound
/// mail its own signatures all day. A message's runs are kept for the message; the matcher's answers are also kept
/// for the process, up to <see cref="SharedCapacity"/> runs (then they are dropped and collected anew), because
/// the answer depends on nothing but the run and the region.
/// </summary>
internal sealed class PhoneMatches
{
    /// <summary>How many (run, region) answers the process keeps.</summary>
    public const int SharedCapacity = 8192;

    private static readonly ConcurrentDictionary<(string Run, string Region), ReadNumber[]> Shared = new();

    private readonly Dictionary<(string Run, string Region), ReadNumber[]> _byRun = [];

    public ReadNumber[] Find(string run, string region)
    {
        if (!_byRun.TryGetValue((run, region), out var found))
        {
            if (!Shared.TryGetValue((run, region), out found))
            {
                found = Read(run, region);
                if (Shared.Count >= SharedCapacity)
                {
                    Shared.Clear();
                }
                Shared.TryAdd((run, region), found);
            }
            _byRun.Add((run, region), found);
        }
        return found;
    }

    public static ReadNumber[] Read(string run, string region) =>
        [.. PhoneNumberUtil.GetInstance().FindNumbers(run, region, PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue).Select(m => new ReadNumber(m))];
}

/// <summary>
/// One of libphonenumber's matches with its formatted forms, made once: formatting is the costliest step after the
/// matcher, and a kept match is judged again wherever its run recurs. Safe to share between threads: a form is
/// computed from immutable values, so two threads computing it at once store the same string.
/// </summary>
internal sealed class ReadNumber(PhoneNumberMatch match)
{
    private string? _e164;
    private string? _national;
    private string? _international;

    public int Start => match.Start;

    public int Length => match.Length;

    public string RawString => match.RawString;

    public PhoneNumber Number => match.Number;

    public string Formatted(PhoneNumberFormat format) => format switch
    {
        PhoneNumberFormat.E164 => _e164 ??= Format(format),
        PhoneNumberFormat.NATIONAL => _national ??= Format(format),
        PhoneNumberFormat.INTERNATIONAL => _international ??= Format(format),
        _ => Format(format),
    };

    private string Format(PhoneNumberFormat format) => PhoneNumberUtil.GetInstance().Format(match.Number, format);
}
