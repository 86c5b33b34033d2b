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
        var builder = new StringBuilder(original.Length);
        // One entry a normalised character; NFKC rarely lengthens text, so the original's length is almost always
        // enough and the array is kept as it is (entries past the normalised length are unused), never copied to size.
        var map = new int[original.Length];
        var mapped = 0;
        var index = 0;
        while (index < original.Length)
        {
            // A run of characters NFKC keeps and that never join their neighbours into one text element: each is its
            // own element and its own normal form. The run's last character may still take a combining mark from the
            // character after it, so it goes the long way.
            var run = StableRun(original, index);
            if (run > 0)
            {
                if (mapped + run > map.Length)
                {
                    Array.Resize(ref map, Math.Max(map.Length * 2, mapped + run));
                }
                builder.Append(original, index, run);
                for (var k = 0; k < run; k++)
                {
                    map[mapped++] = index + k;
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
                    if (ZeroWidth.Contains(c))
                    {
                        continue;
                    }
                    if (mapped == map.Length)
                    {
                        Array.Resize(ref map, map.Length * 2);
                    }
                    builder.Append(c);
                    map[mapped++] = index;
                }
            }
            index += length;
        }
        return NormalizedText.Create(original, builder.ToString(), map);
    }

    private static readonly SearchValues<char> ZeroWidth = SearchValues.Create("\u200B\u200C\u200D\u2060\uFEFF\u00AD");

    private static bool IsZeroWidth(ReadOnlySpan<char> element) => element.Length == 1 && ZeroWidth.Contains(element[0]);

    /// <summary>
    /// How many characters from <paramref name="start"/> are single-character text elements NFKC leaves as they are,
    /// all but the last of a run of <see cref="IsStable"/> characters (all of it when it ends the text).
    /// </summary>
    private static int StableRun(string text, int start)
    {
        var end = start;
        while (end < text.Length && IsStable(text[end]))
        {
            end++;
        }
        return end == text.Length ? end - start : Math.Max(0, end - start - 1);
    }

    /// <summary>
    /// Characters with no compatibility or canonical decomposition whose grapheme break property is Other or LF
    /// (never part of a longer text element except as its first character): ASCII but CR, kana, CJK ideographs.
    /// Full-width forms, U+3000 and the spacing sound marks (U+309B/C) decompose and are not here.
    /// </summary>
    private static bool IsStable(char c) =>
        (c < 0x80 && c != '\r')
        || c is (>= '\u3041' and <= '\u3096') or (>= '\u30A1' and <= '\u30FA') or '\u30FC' or (>= '\u4E00' and <= '\u9FFF');
}
