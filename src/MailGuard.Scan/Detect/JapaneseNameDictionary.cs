namespace MailGuard.Scan.Detect;

/// <summary>
/// Japanese surnames and given names with their katakana readings, derived from IPAdic's <c>Noun.name.csv</c>
/// (see <c>Data/derive_names.py</c> and <c>Data/IPADIC-LICENSE.txt</c>), embedded in this assembly.
/// </summary>
internal sealed class JapaneseNameDictionary
{
    private static readonly Lazy<JapaneseNameDictionary> Shared = new(Load);

    private readonly Dictionary<string, string[]> _surnames;
    private readonly Dictionary<string, string[]> _givenNames;

    // Span lookups: the name scan tries every CJK run of a line and its splits, and would otherwise cut a string for each.
    private readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> _surnameSpans;
    private readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> _givenNameSpans;

    // True when every surname has a kana or kanji (U+3005..U+9FFF), as IPAdic's do; checked at load, not assumed.
    private readonly bool _surnamesAreCjk;

    // The characters names of each list start and end with, one bit per character: most CJK runs and splits asked
    // about are no name, and a bit in a few kilobytes says so without a look-up in the large tables.
    private readonly CharacterSet _surnameFirst;
    private readonly CharacterSet _surnameLast;
    private readonly CharacterSet _givenFirst;
    private readonly CharacterSet _givenLast;

    private JapaneseNameDictionary(Dictionary<string, string[]> surnames, Dictionary<string, string[]> givenNames)
    {
        _surnamesAreCjk = surnames.Keys.All(HasCjk);
        _surnames = surnames;
        _givenNames = givenNames;
        _surnameSpans = surnames.GetAlternateLookup<ReadOnlySpan<char>>();
        _givenNameSpans = givenNames.GetAlternateLookup<ReadOnlySpan<char>>();
        (_surnameFirst, _surnameLast) = CharacterSet.Ends(surnames.Keys);
        (_givenFirst, _givenLast) = CharacterSet.Ends(givenNames.Keys);
    }

    /// <summary>The embedded lists, loaded once.</summary>
    public static JapaneseNameDictionary Instance => Shared.Value;

    public bool IsSurname(string text) => IsSurname(text.AsSpan());

    public bool IsGivenName(string text) => IsGivenName(text.AsSpan());

    public bool IsSurname(ReadOnlySpan<char> text) =>
        text.Length > 0 && _surnameFirst.Contains(text[0]) && _surnameLast.Contains(text[^1]) && _surnameSpans.ContainsKey(text);

    public bool IsGivenName(ReadOnlySpan<char> text) =>
        text.Length > 0 && _givenFirst.Contains(text[0]) && _givenLast.Contains(text[^1]) && _givenNameSpans.ContainsKey(text);

    /// <summary>
    /// False when <paramref name="text"/> cannot hold a surname of the list: it has no kana or kanji. Display names,
    /// table cells and Latin lines are asked for Japanese names too, and most have neither.
    /// </summary>
    public bool MayHoldSurname(ReadOnlySpan<char> text) => !_surnamesAreCjk || HasCjk(text);

    private static bool HasCjk(string text) => HasCjk(text.AsSpan());

    private static bool HasCjk(ReadOnlySpan<char> text) => text.ContainsAnyInRange('\u3005', '\u9fff');

    /// <summary>The katakana readings of a surname, or empty.</summary>
    public IReadOnlyList<string> SurnameReadings(string text) => _surnames.TryGetValue(text, out var r) ? r : [];

    /// <summary>The katakana readings of a given name, or empty.</summary>
    public IReadOnlyList<string> GivenNameReadings(string text) => _givenNames.TryGetValue(text, out var r) ? r : [];

    /// <summary>The katakana readings of a surname read in place, or empty.</summary>
    public string[] SurnameReadings(ReadOnlySpan<char> text) => _surnameSpans.TryGetValue(text, out var r) ? r : [];

    /// <summary>The katakana readings of a given name read in place, or empty.</summary>
    public string[] GivenNameReadings(ReadOnlySpan<char> text) => _givenNameSpans.TryGetValue(text, out var r) ? r : [];

    private static JapaneseNameDictionary Load() => new(Read("ja-surnames.txt"), Read("ja-given-names.txt"));

    private static Dictionary<string, string[]> Read(string name)
    {
        var assembly = typeof(JapaneseNameDictionary).Assembly;
        using var stream = assembly.GetManifestResourceStream($"MailGuard.Scan.Detect.Data.{name}")
            ?? throw new InvalidOperationException($"embedded name list {name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t');
            if (tab > 0)
            {
                result[line[..tab]] = line[(tab + 1)..].Split('|');
            }
        }
        return result;
    }
}
