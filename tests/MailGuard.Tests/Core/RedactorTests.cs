using MailGuard.Core;

namespace MailGuard.Tests.Core;

public sealed class RedactorTests
{
    [TestCase("yamada@example.jp", "y***@example.jp")]
    [TestCase("a@example.com", "a***@example.com")]
    [TestCase("\"a@b\"@example.com", "\"***@example.com")]
    [TestCase("@example.com", "@ex*** (12 chars)")]
    public void Email_keeps_first_letter_and_domain(string text, string expected) =>
        Assert.That(Redactor.Redact(FindingKind.Email, text), Is.EqualTo(expected));

    [TestCase("03-1234-5678", "03-****-5678")]
    [TestCase("+1 (212) 555-0153", "+1 (***) ***-0153")]
    [TestCase("０３－１２３４－５６７８", "０３－****－５６７８")]
    [TestCase("+81 3 0000 1234", "+81 * **** 1234")]
    [TestCase("+815550147000", "+********7000")]
    [TestCase("555-0147", "***-0147")]
    [TestCase("ext. 12", "ext. 12")]
    public void Phone_keeps_separators_and_last_four_digits(string text, string expected) =>
        Assert.That(Redactor.Redact(FindingKind.Phone, text), Is.EqualTo(expected));

    [TestCase("山田 太郎", "山田 **")]
    [TestCase("山田\u3000太郎", "山田 **")]
    [TestCase("Marcus Bell", "Marcus **")]
    [TestCase("  Marcus Bell ", "Marcus **")]
    [TestCase(" 恵 ", "恵**")]
    [TestCase("Yumi", "Yu**")]
    [TestCase("  ", "**")]
    public void Person_keeps_first_word(string text, string expected) =>
        Assert.That(Redactor.Redact(FindingKind.Person, text), Is.EqualTo(expected));

    [TestCase("  Main St 1  ", "Mai*** (9 chars)")]
    [TestCase(" 1-2 ", "***")]
    public void Generic_keeps_three_characters_and_the_length(string text, string expected) =>
        Assert.That(Redactor.Redact(FindingKind.Signature, text), Is.EqualTo(expected));

    [Test]
    public void Generic_never_shows_more_than_three_characters()
    {
        var redacted = Redactor.Redact(FindingKind.PostalAddress, "東京都中央区日本橋9-9-9");
        Assert.That(redacted, Does.StartWith("東京都***"));
        Assert.That(redacted, Does.Not.Contain("日本橋"));
    }
}
