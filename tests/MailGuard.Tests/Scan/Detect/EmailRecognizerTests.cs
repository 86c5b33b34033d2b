using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

public sealed class EmailRecognizerTests
{
    private static List<string> Values(string text) =>
        [.. EmailRecognizer.Find(NormalizedText.From(text).Normalized).Select(i => i.Value)];

    [TestCase("Mail: h-sato@midori-logi.example.jp", "h-sato@midori-logi.example.jp")]
    [TestCase("write to yamashita[at]kumori-denki.example.jp please", "yamashita@kumori-denki.example.jp")]
    [TestCase("j.rivera (at) harbor-customs (dot) example", "j.rivera@harbor-customs.example")]
    [TestCase("lena.park at bluefin-audit.example.com", "lena.park@bluefin-audit.example.com")]
    [TestCase("ｒ．ｍａｔｓｕｉ＠ｈａｙａｔｅ－ｂｕｓａｎ．ｅｘａｍｐｌｅ．ｊｐ", "r.matsui@hayate-busan.example.jp")]
    [TestCase("<mailto:Ben@Okafor-Design.example.org>", "ben@okafor-design.example.org")]
    [TestCase("k.mori AT kumori-denki.example.jp", "k.mori@kumori-denki.example.jp")]
    [TestCase("k.mori\tat\tkumori-denki.example.jp", "k.mori@kumori-denki.example.jp")]
    [TestCase("write to: that.team at data-lab.example.org", "that.team@data-lab.example.org")]
    public void FindsAddressesPlainAndObfuscated(string text, string expected)
    {
        Assert.That(Values(text), Is.EqualTo(new[] { expected }));
    }

    [TestCase("we meet at example.com headquarters")]
    [TestCase("see you at noon at the office")]
    [TestCase("version 2.0 at build 1234")]
    [TestCase("k.mori at")]
    [TestCase("k.mori attends kumori-denki.example.jp")]
    public void LeavesProseAlone(string text)
    {
        Assert.That(Values(text), Is.Empty);
    }

    [Test]
    public void ReportsWhereTheAddressIs()
    {
        var item = EmailRecognizer.Find("Email: a.b@example.com", 100).Single();
        Assert.That((item.Start, item.Length), Is.EqualTo((107, 15)));
    }
    [Test]
    public void Starting_the_plain_search_at_the_first_address_finds_what_a_search_of_the_whole_line_finds()
    {
        string[] before = ["", "From: Emily Carter <", "Mail: ", "é", "日本語", "x.", "__", "%+", "-", "a b ", "(", "mailto:", "foo@ ", "@", "x@y "];
        string[] locals = ["", "emily.carter", "h-sato", "a", ".dot", "_u", "k.mori+tag", "é.x", "9", "-x"];
        string[] domains = ["", "example.com", "sakura-trading.example", "x", "example.co.jp.", "-bad.example", "example.c"];
        string[] after = ["", ">", " and bob@example.org", ".", "-x", "é", " @ ", "@example.net", ", k@example.jp"];
        var random = new Random(5);
        var withMatches = 0;
        for (var n = 0; n < 5000; n++)
        {
            var line = string.Concat(Pick(before), Pick(locals), "@", Pick(domains), Pick(after));
            var whole = new List<(int, int)>();
            foreach (var m in EmailRecognizer.PlainForm.EnumerateMatches(line))
            {
                whole.Add((m.Index, m.Length));
            }
            var found = EmailRecognizer.Find(line)
                .Select(i => (i.Start, i.Length)).ToList<(int, int)>();
            Assert.That(found, Is.EqualTo(whole), line);
            withMatches += whole.Count > 0 ? 1 : 0;
        }
        Assert.That(withMatches, Is.GreaterThan(1000));

        string Pick(string[] parts) => parts[random.Next(parts.Length)];
    }

    [TestCase("From: Emily Carter <emily.carter@example.com>", 20)]
    [TestCase("é.x@example.com", 1)]
    [TestCase("@example.com", 0)]
    [TestCase("x y@z a@b", 2)]
    public void The_plain_search_starts_at_the_local_part_before_the_first_at(string line, int start)
    {
        Assert.That(EmailRecognizer.FirstPlainStart(line), Is.EqualTo(start));
    }
}
