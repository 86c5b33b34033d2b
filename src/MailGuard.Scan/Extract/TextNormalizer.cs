using System.Globalization;
using System.Text;

namespace MailGuard.Scan.Extract;

/// <summary>NFKC per text element, zero-width characters dropped, keeping the map back to the original.</summary>
internal static class TextNormalizer
{
    public static NormalizedText Normalize(string original)
    {
        var builder = new StringBuilder(original.Length);
        var map = new List<int>(original.Length);
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
                    if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD')
                    {
                        continue;
                    }
                    builder.Append(c);
                    map.Add(index);
                }
            }
            index += length;
        }
        return NormalizedText.Create(original, builder.ToString(), [.. map]);
    }

    private static bool IsZeroWidth(ReadOnlySpan<char> element) =>
        element.Length == 1 && element[0] is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD';
}
