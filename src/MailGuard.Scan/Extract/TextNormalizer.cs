using System.Buffers;
using System.Globalization;
using System.Text;

namespace MailGuard.Scan.Extract;

/// <summary>NFKC per text element, zero-width characters dropped, keeping the map back to the original.</summary>
internal static class TextNormalizer
{
    public static NormalizedText Normalize(string original)
    {
        // Most text (ASCII mail, already-composed Japanese) is unchanged by NFKC: skip the per-element walk.
        // ASCII is NFKC by definition, so ICU is not asked about it.
        if (original.AsSpan().IndexOfAny(ZeroWidth) < 0 && (Ascii.IsValid(original) || original.IsNormalized(NormalizationForm.FormKC)))
        {
            return NormalizedText.Unchanged(original);
        }
        var output = new Output(original.Length);
        try
        {
            var index = 0;
            var single = SingleCharacters.Value;
            while (index < original.Length)
            {
                // A run of characters that are each a text element of their own and normalise to one character (themselves,
                // or a full-width or half-width form's counterpart). The run's last character may still take a combining mark
                // from the character after it, so it goes the long way.
                var run = SimpleRun(single, original, index);
                if (run > 0)
                {
                    for (var k = 0; k < run; k++)
                    {
                        output.Append(single[original[index + k]], index + k);
                    }
                    index += run;
                    continue;
                }
                var length = StringInfo.GetNextTextElementLength(original, index);
                var element = original.AsSpan(index, length);
                if (!IsZeroWidth(element))
                {
                    // Normalising a normalised element returns it unchanged: the span check spares the copy and the new string.
                    var normalized = element.IsNormalized(NormalizationForm.FormKC)
                        ? element
                        : element.ToString().Normalize(NormalizationForm.FormKC).AsSpan();
                    foreach (var c in normalized)
                    {
                        if (!ZeroWidth.Contains(c))
                        {
                            output.Append(c, index);
                        }
                    }
                }
                index += length;
            }
            return output.ToText(original);
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>
    /// The normalised characters, built in a pooled buffer, and the map back to the original. Most changed text only swaps
    /// characters one for one (full-width digits and letters, half-width kana): every character then stands where its
    /// original did, and the map, four bytes a character, is made only once one does not.
    /// </summary>
    private struct Output(int capacity) : IDisposable
    {
        private char[] _chars = ArrayRental.Rent<char>(Math.Max(capacity, 16));
        private int[]? _map;
        private int _length;

        public void Append(char c, int from)
        {
            if (_length == _chars.Length)
            {
                var larger = ArrayRental.Rent<char>(_chars.Length * 2);
                _chars.AsSpan(0, _length).CopyTo(larger);
                Release(_chars, _length);
                _chars = larger;
            }
            if (_map is null && from != _length)
            {
                // One entry a normalised character; NFKC rarely lengthens text, so the original's length is almost always
                // enough and the array is kept as it is (entries past the normalised length are unused), never copied to size.
                _map = new int[Math.Max(capacity, _length + 1)];
                for (var k = 0; k < _length; k++)
                {
                    _map[k] = k;
                }
            }
            if (_map is not null)
            {
                if (_length == _map.Length)
                {
                    Array.Resize(ref _map, _map.Length * 2);
                }
                _map[_length] = from;
            }
            _chars[_length++] = c;
        }

        public readonly NormalizedText ToText(string original)
        {
            var normalized = new string(_chars, 0, _length);
            if (_map is not null)
            {
                return NormalizedText.Create(original, normalized, _map);
            }
            if (_length == original.Length)
            {
                return NormalizedText.OneForOne(original, normalized);
            }
            // Characters dropped only at the end: every one kept is still where it was.
            var map = new int[_length];
            for (var k = 0; k < _length; k++)
            {
                map[k] = k;
            }
            return NormalizedText.Create(original, normalized, map);
        }

        public void Dispose()
        {
            Release(_chars, _length);
            _chars = [];
        }

        // The pool must not keep a message's text.
        private static void Release(char[] chars, int length)
        {
            chars.AsSpan(0, length).Clear();
            ArrayRental.Return(chars);
        }
    }

    private static readonly SearchValues<char> ZeroWidth = SearchValues.Create("\u200B\u200C\u200D\u2060\uFEFF\u00AD");

    // What a character normalises to when it is a text element on its own whatever stands next to it and its normal form
    // is one character; 0 for every other character. Metadata of the runtime's Unicode tables, built once, on first need.
    private static readonly Lazy<char[]> SingleCharacters = new(BuildSingleCharacters);

    private static bool IsZeroWidth(ReadOnlySpan<char> element) => element.Length == 1 && ZeroWidth.Contains(element[0]);

    /// <summary>
    /// How many characters from <paramref name="start"/> normalise on their own to one character: all but the last of
    /// such a run (all of it when it ends the text).
    /// </summary>
    private static int SimpleRun(char[] single, string text, int start)
    {
        var end = start;
        while (end < text.Length && single[text[end]] != 0)
        {
            end++;
        }
        return end == text.Length ? end - start : Math.Max(0, end - start - 1);
    }

    /// <summary>
    /// A character is a text element of its own next to any character when it neither joins the characters that
    /// take part in the grapheme rules (a letter, a kana, LF, the Hangul jamo and syllable kinds, a Devanagari consonant)
    /// nor itself, before or after: that leaves out CR, combining and spacing marks, ZWJ, prepended marks and jamo.
    /// </summary>
    internal static char[] BuildSingleCharacters()
    {
        var single = new char[char.MaxValue + 1];
        ReadOnlySpan<char> probes = "a\u3042\n\u1100\u1161\u11A8\uAC00\uAC01\u0915";
        Span<char> pair = stackalloc char[2];
        for (var code = 1; code <= char.MaxValue; code++)
        {
            var c = (char)code;
            if (char.IsSurrogate(c) || c == '\r' || ZeroWidth.Contains(c) || !Alone(c, probes, pair))
            {
                continue;
            }
            if (NormalizesTo(c) is { Length: 1 } normalized && normalized[0] != 0 && !ZeroWidth.Contains(normalized[0]))
            {
                single[code] = normalized[0];
            }
        }
        return single;
    }

    // ICU refuses some code points (noncharacters); those keep going the long way, as before.
    private static string? NormalizesTo(char c)
    {
        try
        {
            return c.ToString().Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool Alone(char c, ReadOnlySpan<char> probes, Span<char> pair)
    {
        foreach (var probe in probes)
        {
            pair[0] = probe;
            pair[1] = c;
            if (StringInfo.GetNextTextElementLength(pair) != 1)
            {
                return false;
            }
            pair[0] = c;
            pair[1] = probe;
            if (StringInfo.GetNextTextElementLength(pair) != 1)
            {
                return false;
            }
        }
        pair[0] = c;
        pair[1] = c;
        return StringInfo.GetNextTextElementLength(pair) == 1;
    }
}
