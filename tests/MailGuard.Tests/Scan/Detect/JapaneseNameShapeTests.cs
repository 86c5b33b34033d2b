using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

/// <summary>Japanese full names whose given name the dictionary lacks, taken only beside an honorific or an address.</summary>
public sealed class JapaneseNameShapeTests
{
    [TestCase("森田 拓海")]
    [TestCase("中島 さくら")]
    [TestCase("中島さくら")]
    [TestCase("森田　拓海")]
    [TestCase("佐藤 花子")]
    public void KnownSurnameAndAGivenNameShapeIsAName(string text)
    {
        Assert.That(PersonNameRecognizer.IsJapaneseNameShape(text), Is.True);
    }

    [TestCase("山田 商店")]
    [TestCase("田中 工業")]
    [TestCase("高木 部長")]
    [TestCase("中島 さま")]
    [TestCase("田中 からも")]
    [TestCase("森田拓海")]
    [TestCase("中島 さくら 様")]
    [TestCase("森田 拓海太郎")]
    [TestCase("中村 センター")]
    [TestCase("小林 一同")]
    public void WithoutTheShapeItIsNot(string text)
    {
        Assert.That(PersonNameRecognizer.IsJapaneseNameShape(text), Is.False);
    }

    [Test]
    public void TheDictionaryAloneStillDecidesWithoutEvidence()
    {
        Assert.That(PersonNameRecognizer.IsName("森田 拓海"), Is.False);
    }

    [TestCase("中島 さくら 殿", "中島 さくら")]
    [TestCase("搬入は森田 拓海さんが立ち会います。", "森田 拓海")]
    public void AnHonorificAfterTheShapeMakesItANameInProse(string line, string expected)
    {
        var found = PersonNameRecognizer.FindInProse(line).Select(f => line.Substring(f.Start, f.Length));
        Assert.That(found, Is.EqualTo(new[] { expected }));
    }

    [TestCase("田中 からも様子を伺います。")]
    [TestCase("山田 商店様より入荷しました。")]
    public void AnHonorificInsideAWordIsNoEvidence(string line)
    {
        Assert.That(PersonNameRecognizer.FindInProse(line), Is.Empty);
    }

    [TestCase("森田 拓海", "森田 拓海")]
    [TestCase("　石井 恵子 (Keiko Ishii)", "石井 恵子")]
    [TestCase("担当：中島 さくら", "中島 さくら")]
    public void AContactLineOfNothingButTheShapeIsAName(string written, string expected)
    {
        var line = NormalizedText.From(written).Normalized;
        var found = PersonNameRecognizer.FindInContactLine(line).Select(f => line.Substring(f.Start, f.Length));
        Assert.That(found, Is.EqualTo(new[] { expected }));
    }

    [TestCase("森田 拓海 営業部")]
    [TestCase("大阪 支店")]
    [TestCase("TEL 森田 拓海")]
    public void AContactLineWithMoreThanTheShapeIsNot(string line)
    {
        Assert.That(PersonNameRecognizer.FindInContactLine(line), Is.Empty);
    }

    [Test]
    public void AGreetingLineTakesTheShape()
    {
        const string line = "森田 拓海 様";
        var span = GreetingNameRecognizer.FindGreeting(line);
        Assert.That(span, Is.Not.Null);
        Assert.That(line.Substring(span!.Value.Start, span.Value.Length), Is.EqualTo("森田 拓海"));
    }

    [Test]
    public void ADisplayNameBesideAnAddressTakesTheShape()
    {
        var book = new PersonBook();
        book.For(new MailboxRef("森田 拓海", "t.morita@kaminari.example.jp"), out var withAddress);
        book.For(new MailboxRef("森田 拓海", null), out var alone);
        Assert.Multiple(() =>
        {
            Assert.That(withAddress, Is.True);
            Assert.That(alone, Is.False);
        });
    }
}
