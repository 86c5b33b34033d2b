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
}
