using MailGuard.Scan.Detect;

namespace MailGuard.Tests.Scan.Detect;

public sealed class MailboxTextTests
{
    [Test]
    public void ReadsNamedAndBareAddresses()
    {
        var found = MailboxText.Parse("\"Bell, Marcus\" <marcus.bell@example.com>; Kenji Mori <K.Mori@example.jp>, ops@example.org");
        Assert.That(found.Select(f => (f.Mailbox.DisplayName, f.Mailbox.Address)), Is.EqualTo(new (string?, string?)[]
        {
            ("Bell, Marcus", "marcus.bell@example.com"), ("Kenji Mori", "k.mori@example.jp"), (null, "ops@example.org"),
        }));
    }

    [Test]
    public void ReadsExchangesUnquotedSurnameCommaGivenNameAsOneName()
    {
        const string value = "Okafor, Chidi <chidi.okafor@example.com>; Lee, Anna <anna.lee@example.jp>";
        var found = MailboxText.Parse(value);
        Assert.Multiple(() =>
        {
            Assert.That(found.Select(f => (f.Mailbox.DisplayName, f.Mailbox.Address)), Is.EqualTo(new (string?, string?)[]
            {
                ("Okafor, Chidi", "chidi.okafor@example.com"), ("Lee, Anna", "anna.lee@example.jp"),
            }));
            Assert.That(found.Select(f => value.Substring(f.NameStart, f.NameLength)), Is.EqualTo(new[] { "Okafor, Chidi", "Lee, Anna" }));
        });
    }

    [TestCase("Sales, Tom <tom@example.com>")]
    [TestCase("Anna Lee, Tom <tom@example.com>")]
    [TestCase("ops@example.org, Tom <tom@example.com>")]
    public void KeepsACommaBetweenMailboxesWhenWhatPrecedesIsNoSurname(string value)
    {
        Assert.That(MailboxText.Parse(value).Last().Mailbox.DisplayName, Is.EqualTo("Tom"));
    }

    [Test]
    public void ReadsAValueOfOnlyANameAsThatPerson()
    {
        const string value = " 森 健一";
        var found = MailboxText.Parse(value);
        Assert.Multiple(() =>
        {
            Assert.That(found.Select(f => (f.Mailbox.DisplayName, f.Mailbox.Address)), Is.EqualTo(new (string?, string?)[] { ("森 健一", null) }));
            Assert.That(value.Substring(found[0].NameStart, found[0].NameLength), Is.EqualTo("森 健一"));
        });
    }

    [Test]
    public void FindsNothingInAValueWithoutAddressOrName()
    {
        Assert.That(MailboxText.Parse("Ops Team"), Is.Empty);
    }
}
