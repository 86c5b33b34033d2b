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
        if (original.AsSpan().IndexOfAny(ZeroWidth) < 0 && original.IsNormalized(NormalizationForm.FormKC))
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
            var length = StringInfo.GetNextTextElementLength(original, index);
            var element = original.AsSpan(index, length);
            if (!IsZeroWidth(element))
            {
                var normalized = element.Length == 1 && element[0] < 0x80
                    ? element.ToString()
                    : element.ToString().Normalize(NormalizationForm.FormKC);
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
}
