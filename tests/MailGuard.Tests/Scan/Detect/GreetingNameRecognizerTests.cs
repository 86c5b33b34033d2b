using System.Text;
using MailGuard.Core;
using MailGuard.Scan.Detect;

namespace MailGuard.Tests.Scan.Detect;

public sealed class GreetingNameRecognizerTests
{
    [TestCase("山田様", "山田")]
    [TestCase("山田 太郎 様", "山田 太郎")]
    [TestCase("田中部長", "田中")]
    [TestCase("  佐藤様、", "佐藤")]
    [TestCase("\u3000山田 太郎\u3000先生 ！ ", "山田 太郎")]
    public void FindsTheNameInAJapaneseGreeting(string line, string name)
    {
        var span = GreetingNameRecognizer.FindGreeting(line);
        Assert.That(span, Is.Not.Null);
        Assert.That(line.Substring(span!.Value.Start, span.Value.Length), Is.EqualTo(name));
    }

    [TestCase("営業部長")]
    [TestCase("お客様")]
    [TestCase("関係者各位")]
    [TestCase("山田様にご確認いただいた件です。")]
    [TestCase("ご連絡ありがとうございました山田様")]
    public void IgnoresGreetingsWithoutAName(string line)
    {
        Assert.That(GreetingNameRecognizer.FindGreeting(line), Is.Null);
    }

    [TestCase("株式会社さくら商事の田中です。", "田中")]
    [TestCase("営業部の田中でございます。", "田中")]
    [TestCase("今回の件です。営業部の田中です。", "田中")]
    public void FindsTheWriterInASelfIntroduction(string line, string name)
    {
        var span = GreetingNameRecognizer.FindSelfIntroduction(line);
        Assert.That(span, Is.Not.Null);
        Assert.That(line.Substring(span!.Value.Start, span.Value.Length), Is.EqualTo(name));
    }

    [TestCase("今回の件です。")]
    [TestCase("本日の会議です。")]
    public void IgnoresIntroductionsWithoutAName(string line)
    {
        Assert.That(GreetingNameRecognizer.FindSelfIntroduction(line), Is.Null);
    }

    [TestCase("Regards,")]
    [TestCase("Best regards,")]
    [TestCase("Thanks,")]
    [TestCase("Sincerely,")]
    [TestCase("  Warmest   thank   you !  ")]
    [TestCase("Yours sincerely.")]
    public void KnowsClosings(string line)
    {
        Assert.That(GreetingNameRecognizer.IsClosing(line), Is.True);
    }

    [TestCase("Thanks for the update.")]
    [TestCase("Regards to the team")]
    [TestCase("Many many thanks")]
    public void KnowsWhatIsNotAClosing(string line)
    {
        Assert.That(GreetingNameRecognizer.IsClosing(line), Is.False);
    }

    [TestCase("Marcus Bell", "Marcus Bell")]
    [TestCase("Marcus", "Marcus")]
    public void FindsTheNameUnderAClosing(string line, string name)
    {
        var span = GreetingNameRecognizer.FindClosingName(line);
        Assert.That(span, Is.Not.Null);
        Assert.That(line.Substring(span!.Value.Start, span.Value.Length), Is.EqualTo(name));
    }

    [TestCase("Best Team")]
    [TestCase("Sales Team")]
    [TestCase("Lakeside Freight")]
    [TestCase("Customer Support")]
    [TestCase("marcus")]
    [TestCase("Sent from my iPhone")]
    public void IgnoresNonNamesUnderAClosing(string line)
    {
        Assert.That(GreetingNameRecognizer.FindClosingName(line), Is.Null);
    }

    [Test]
    public async Task AGreetingToTheRecipientIsAPartyAndAQuotedOneToSomebodyElseIsNot()
    {
        const string eml = "From: Mori <k.mori@example.com>\r\nTo: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <t.yamada@client.example>\r\n"
            + "Subject: test\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "山田様\r\n\r\nお世話になっております。さくら商事の森です。\r\n\r\n"
            + "> 佐々木様\r\n> \r\n> 先日の件、承知しました。\r\n";
        var scanner = TestScanner.Create(["example.com"]);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(eml));
        var report = await scanner.ScanAsync(stream, null, CancellationToken.None);
        var persons = report.Findings.Where(f => f.Kind == FindingKind.Person).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(persons.Where(f => f.Text == "山田").Select(f => f.ThirdParty), Is.EqualTo(new[] { false }));
            Assert.That(persons.Where(f => f.Text == "佐々木").Select(f => f.ThirdParty), Is.EqualTo(new[] { true }));
        });
    }
}
