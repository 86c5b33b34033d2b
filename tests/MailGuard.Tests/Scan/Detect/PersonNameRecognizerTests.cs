using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

public sealed class PersonNameRecognizerTests
{
    [TestCase("佐藤 花子")]
    [TestCase("佐藤花子")]
    [TestCase("Marcus Bell")]
    [TestCase("Dr. Helen Park")]
    [TestCase("Sarah O'Neill")]
    [TestCase("Natalie Brooks-Hale")]
    [TestCase("Helen J. Park")]
    [TestCase("Anna van Dyke")]
    [TestCase("Marcus\u00a0Bell")]
    [TestCase("Marcus\tBell")]
    [TestCase("Mrs Anna Lee")]
    [TestCase("Prof.  Anna O'Neil")]
    [TestCase("Okafor, Chidi")]
    [TestCase("O'Neill, Sarah J.")]
    public void KnowsNames(string text)
    {
        Assert.That(PersonNameRecognizer.IsName(text), Is.True);
    }

    [TestCase("Account Manager")]
    [TestCase("Lakeside Freight")]
    [TestCase("New York")]
    [TestCase("営業部 課長")]
    [TestCase("株式会社さくら商事")]
    [TestCase("Best regards")]
    [TestCase("Marcus Bell 2")]
    [TestCase("Marcus Bell:")]
    [TestCase("Natalie Freight-Hale")]
    [TestCase("Helen J. Sales")]
    [TestCase("Mr. Key Park")]
    [TestCase("Mr Smith")]
    [TestCase("Dr. Smith")]
    [TestCase("MarcusBell")]
    [TestCase("Kestrel Labs")]
    [TestCase("Solano Foods")]
    [TestCase("Greenvale Plastics")]
    [TestCase("Dispatch Desk")]
    [TestCase("San Francisco")]
    [TestCase("Sales, Tom")]
    [TestCase("Bell, Marcus, Anna")]
    [TestCase("Marcus Bell, Anna")]
    public void KnowsWhatIsNotAName(string text)
    {
        Assert.That(PersonNameRecognizer.IsName(text), Is.False);
    }

    [TestCase("有限会社みどり物流　総務部　佐藤 花子 様", "佐藤 花子")]
    [TestCase("田中　一郎（たなか　いちろう）", "田中 一郎")]
    [TestCase("Contact: Gavin Doyle, Operations", "Gavin Doyle")]
    [TestCase("Laura Kim | Summit Ridge Partners | laura.kim@example.com", "Laura Kim")]
    [TestCase("吉田　由美 / Yumi Yoshida", "Yumi Yoshida")]
    public void FindsTheNameInAContactLine(string written, string expected)
    {
        // Detection reads the NFKC form: full-width spaces and brackets are ASCII by then.
        var line = NormalizedText.From(written).Normalized;
        var found = PersonNameRecognizer.FindInContactLine(line).Select(f => line.Substring(f.Start, f.Length));
        Assert.That(found, Does.Contain(expected));
    }

    [Test]
    public void FindsANameInEveryCellOfAContactLine()
    {
        const string line = "Laura Kim\tOps;Gavin Doyle (Sales)/ Yumi Yoshida ,";
        var found = PersonNameRecognizer.FindInContactLine(line).Select(f => line.Substring(f.Start, f.Length));
        Assert.That(found, Is.EqualTo(new[] { "Laura Kim", "Gavin Doyle", "Yumi Yoshida" }));
    }

    [TestCase("みなと運輸の村田 恵美さん（携帯）にご相談ください。", "村田 恵美")]
    [TestCase("担当は佐藤花子 様です。", "佐藤花子")]
    [TestCase("佐藤 花子氏と村田 恵美殿", "佐藤 花子|村田 恵美")]
    [TestCase("本日の会議資料と来週の出張予定表を確認したうえで、村田 恵美さんと佐藤花子様に送ります。", "村田 恵美|佐藤花子")]
    [TestCase("佐藤花子さん", "佐藤花子")]
    public void FindsHonorificNamesInProse(string line, string expected)
    {
        var found = PersonNameRecognizer.FindInProse(line).Select(f => line.Substring(f.Start, f.Length));
        Assert.That(found, Is.EqualTo(expected.Split('|')));
    }

    [Test]
    public void WesternNameInProseNeedsAFittingAddress()
    {
        const string line = "The auditor is Lena Park; she works near Grand Central.";
        Assert.Multiple(() =>
        {
            Assert.That(PersonNameRecognizer.FindWesternInProse(line, ["lena.park@example.com"]).Select(f => line.Substring(f.Start, f.Length)),
                Is.EqualTo(new[] { "Lena Park" }));
            Assert.That(PersonNameRecognizer.FindWesternInProse(line, ["info@example.com"]), Is.Empty);
        });
    }

    [TestCase("Kenichi Mori", "k.mori", true)]
    [TestCase("森 健一", "k.mori", true)]
    [TestCase("佐藤 花子", "h-sato", true)]
    [TestCase("Kenichi Mori", "mori", false)]
    [TestCase("Marcus Bell", "k.mori", false)]
    public void MatchesNamesToMailboxes(string name, string localPart, bool expected)
    {
        Assert.That(NameSpellings.Of(name).Any(n => NameSpellings.FitsLocalPart(n, localPart)), Is.EqualTo(expected));
    }

    [TestCase("山田 太郎", "山田太郎")]
    [TestCase("ﾔﾏﾀﾞ　ﾀﾛｳ", "ﾔﾏﾀﾞﾀﾛｳ")]
    [TestCase("Mr. Kenichi MORI", "kenichimori")]
    [TestCase("Ｙａｍａｄａ 太郎", "ｙａｍａｄａ太郎")]
    [TestCase("ÉLODIE Dubois", "élodiedubois")]
    [TestCase("Okafor, Chidi", "chidiokafor")]
    [TestCase("Sales, Tom", "sales,tom")]
    public void Canonical_names_are_lower_case_without_spaces_or_titles(string name, string canonical) =>
        Assert.That(PersonNameRecognizer.Canonical(name), Is.EqualTo(canonical));

    [TestCase("サトウ", "satou")]
    [TestCase("キョウコ", "kyouko")]
    [TestCase("ハットリ", "hattori")]
    [TestCase("マッチャ", "matcha")]
    [TestCase("ユーイチ", "yuichi")]
    [TestCase("シンイチロウ", "shinichirou")]
    [TestCase("ジュンコX", "junko")]
    public void RomanizesReadings(string katakana, string expected)
    {
        Assert.That(NameSpellings.Romanize(katakana), Is.EqualTo(expected));
    }
}
