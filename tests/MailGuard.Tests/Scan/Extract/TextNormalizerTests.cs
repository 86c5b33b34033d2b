using System.Globalization;
using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>The normaliser's shortcuts must give what normalising every text element on its own gives.</summary>
public sealed class TextNormalizerTests
{
    private const string ZeroWidth = "\u200B\u200C\u200D\u2060\uFEFF\u00AD";

    [TestCase("Plain ASCII line\nwith a second line")]
    [TestCase("電話：０３－００００－７１２３\u3000山田 太郎")]
    [TestCase("cafe\u0301 and nai\u0308ve, then ASCII")]
    [TestCase("か\u3099き\u309Aくけこ and ｶﾞｷﾞｸﾞ half-width")]
    [TestCase("㈱かえで　ﾃｽﾄ　①②③")]
    [TestCase("a\u200Db\u200Bc\u00ADd")]
    [TestCase("family 👨\u200D👩\u200D👧 flag 🇯🇵 end")]
    [TestCase("ends with a mark e\u0301")]
    [TestCase("\u0301 starts with a mark, ﬁ ligature, ½, Ⅻ")]
    [TestCase("한국어 텍스트 \u1100\u1161\u11A8 jamo")]
    [TestCase("CR alone\rthen text")]
    [TestCase("ＡＢＣ１２３ ｶﾀｶﾅ only swapped one for one")]
    [TestCase("dropped at the end\u200B\u00AD")]
    [TestCase("\u200Bdropped at the start")]
    public void Shortcuts_match_normalising_each_text_element(string original)
    {
        var text = NormalizedText.From(original);
        var (normalized, map) = PerElement(original);

        Assert.That(text.Normalized, Is.EqualTo(normalized));
        for (var i = 0; i < normalized.Length; i++)
        {
            Assert.That(text.OriginalOf(i, 1), Is.EqualTo(OriginalOf(original, normalized, map, i)), $"character {i}");
        }
    }

    [TestCase("電話：０３－００００－７１２３\u3000山田 太郎", 3, 13)]
    [TestCase("ＡＢＣ１２３ｶﾀｶﾅ", 2, 6)]
    public void Evidence_of_text_changed_one_for_one_is_the_original_at_the_same_place(string original, int start, int length)
    {
        var text = NormalizedText.From(original);

        Assert.That(text.Normalized, Is.Not.EqualTo(original).And.Length.EqualTo(original.Length));
        Assert.That(text.OriginalOf(start, length), Is.EqualTo(original.Substring(start, length)));
    }

    [Test]
    public void Random_text_over_the_whole_basic_plane_matches_normalising_each_text_element()
    {
        // Characters the grapheme and NFKC rules treat specially, mixed with any character of the plane.
        const string Special = "\r\n\t a\u3000\uFF10\uFF21\uFF76\uFF9E\uFF9F\u304B\u3099\u309A\u0301\u0308\u1100\u1161\u11A8\uAC00\uAC01"
            + "\u0915\u094D\u0937\u0600\u200B\u200C\u200D\u2060\uFEFF\u00AD\u3231\u2460\uFB01\u00BD\u2162\u30FB\u3001\u3002\u300C\u25C6";
        var random = new Random(7);
        for (var n = 0; n < 300; n++)
        {
            var text = new StringBuilder();
            while (text.Length < 40)
            {
                var pick = random.Next(10);
                if (pick < 5)
                {
                    text.Append(Special[random.Next(Special.Length)]);
                }
                else if (pick == 5)
                {
                    text.Append("👨\u200D👩");
                }
                else if (random.Next(0x10000) is var code && !char.IsSurrogate((char)code))
                {
                    text.Append((char)code);
                }
            }
            var original = text.ToString();
            var normalized = NormalizedText.From(original);
            var (expected, map) = PerElement(original);
            Assert.That(normalized.Normalized, Is.EqualTo(expected), original);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.That(normalized.OriginalOf(i, 1), Is.EqualTo(OriginalOf(original, expected, map, i)), $"{original}: character {i}");
            }
        }
    }

    // The way every element was normalised before the shortcuts, kept here as the reference.
    private static (string Normalized, List<int> Map) PerElement(string original)
    {
        var builder = new StringBuilder();
        var map = new List<int>();
        for (var index = 0; index < original.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(original, index);
            var element = original.Substring(index, length);
            if (!(element.Length == 1 && ZeroWidth.Contains(element[0], StringComparison.Ordinal)))
            {
                foreach (var c in element.Normalize(NormalizationForm.FormKC).Where(c => !ZeroWidth.Contains(c, StringComparison.Ordinal)))
                {
                    builder.Append(c);
                    map.Add(index);
                }
            }
            index += length;
        }
        return (builder.ToString(), map);
    }

    private static string OriginalOf(string original, string normalized, List<int> map, int i)
    {
        var to = original.Length;
        for (var next = i + 1; next < normalized.Length; next++)
        {
            if (map[next] > map[i])
            {
                to = map[next];
                break;
            }
        }
        return original[map[i]..to];
    }
}
