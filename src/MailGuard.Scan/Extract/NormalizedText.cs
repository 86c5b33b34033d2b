namespace MailGuard.Scan.Extract;

/// <summary>
/// Text as the sender wrote it and its form for detection (NFKC, zero-width characters removed),
/// with a map from each normalised character back to the original, so evidence is shown as written.
/// </summary>
public sealed class NormalizedText
{
    // Null when each normalised character stands where its original did (most text, changed or not): the map would be
    // 0, 1, 2, ... at four bytes a character.
    // Otherwise its first Normalized.Length entries are the map; it may be longer.
    private readonly int[]? _map;

    private NormalizedText(string original, string normalized, int[]? map)
    {
        Original = original;
        Normalized = normalized;
        _map = map;
    }

    /// <summary>The text as written.</summary>
    public string Original { get; }

    /// <summary>The text detectors read.</summary>
    public string Normalized { get; }

    /// <summary>Normalises <paramref name="original"/>.</summary>
    public static NormalizedText From(string original) => TextNormalizer.Normalize(original);

    /// <summary>Text that normalising changed; <paramref name="map"/> holds at least one entry a normalised character.</summary>
    internal static NormalizedText Create(string original, string normalized, int[] map) => new(original, normalized, map);

    /// <summary>Text that normalising changed character for character: each normalised character stands where its original did.</summary>
    internal static NormalizedText OneForOne(string original, string normalized) => new(original, normalized, null);

    /// <summary>Text that normalising leaves as it is.</summary>
    internal static NormalizedText Unchanged(string text) => new(text, text, null);

    /// <summary>The original text behind <c>Normalized[start..(start+length)]</c>.</summary>
    public string OriginalOf(int start, int length)
    {
        if (length <= 0 || Normalized.Length == 0)
        {
            return string.Empty;
        }
        if (_map is null)
        {
            var first = Math.Clamp(start, 0, Original.Length - 1);
            return Original[first..(Math.Clamp(start + length - 1, 0, Original.Length - 1) + 1)];
        }
        var from = _map[Math.Clamp(start, 0, Normalized.Length - 1)];
        var lastIndex = Math.Clamp(start + length - 1, 0, Normalized.Length - 1);
        // The end is where the next original text element begins: a normalised run may stop inside one
        // element's expansion (㈱ -> "(株)"), and then the whole element is the evidence.
        var to = Original.Length;
        for (var next = lastIndex + 1; next < Normalized.Length; next++)
        {
            if (_map[next] > _map[lastIndex])
            {
                to = _map[next];
                break;
            }
        }
        return Original[from..to];
    }

    public override string ToString() => Normalized;
}
