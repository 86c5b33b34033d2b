namespace MailGuard.Scan.Detect;

/// <summary>A set of UTF-16 code units as one bit each.</summary>
internal sealed class CharacterSet
{
    private readonly ulong[] _bits = new ulong[(char.MaxValue + 1) / 64];

    /// <summary>The first and the last characters of <paramref name="words"/>.</summary>
    public static (CharacterSet First, CharacterSet Last) Ends(IEnumerable<string> words)
    {
        var first = new CharacterSet();
        var last = new CharacterSet();
        foreach (var word in words)
        {
            if (word.Length > 0)
            {
                first.Add(word[0]);
                last.Add(word[^1]);
            }
        }
        return (first, last);
    }

    public bool Contains(char c) => (_bits[c >> 6] & (1UL << (c & 63))) != 0;

    private void Add(char c) => _bits[c >> 6] |= 1UL << (c & 63);
}
