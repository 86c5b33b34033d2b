using MailGuard.Core;
using MailGuard.Notify;
using MailGuard.Quarantine;
using MailGuard.Tests.Quarantine;
using Microsoft.Extensions.Time.Testing;

namespace MailGuard.Tests.Notify;

public sealed class NoticeComposerTests
{
    internal static NoticeComposer Composer(NotifyOptions? options = null, string defaultLanguage = "en") => new(
        options ?? new NotifyOptions { Reviewers = ["review@example.com"] },
        new OrganizationOptions { InternalDomains = ["example.com"], DefaultLanguage = defaultLanguage },
        NoticeTemplates.Load(RepositoryFiles.Path("config/templates")),
        new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero)),
        TimeSpan.FromDays(30));

    private static QuarantineItem Item(string from = "Alice@example.com", string? authenticated = null)
    {
        var item = QuarantineStoreContract.Item("0000000001BBBBBBBB");
        return item with { Envelope = item.Envelope with { MailFrom = from, AuthenticatedUser = authenticated } };
    }

    [Test]
    public void The_held_notice_tells_the_sender_what_where_and_what_next_without_the_raw_data()
    {
        var notice = Composer().Compose(OutboxKind.SenderHeld, Item(), null).Single();
        var text = notice.Message.TextBody;

        Assert.That(notice.Envelope.Recipients, Is.EqualTo(new[] { "Alice@example.com" }));
        Assert.That(notice.Envelope.MailFrom, Is.Empty, "the null reverse-path: a notice never bounces");
        Assert.That(notice.Message.Subject, Does.Contain("held for review").And.Contain("list"));
        Assert.That(notice.Message.Headers["Auto-Submitted"], Is.EqualTo("auto-generated"));
        Assert.That(notice.Message.Headers["X-MailGuard-Id"], Is.EqualTo("0000000001BBBBBBBB"));
        Assert.That(text, Does.Contain("0000000001BBBBBBBB").And.Contain("bob@example.org, carol@example.com"));
        Assert.That(text, Does.Contain("third-party data").And.Contain("third-party-data-to-external"));
        Assert.That(text, Does.Contain("- Phone number: 03-****-1234 (Marcus ** <m***@example.net>), in a forwarded message"));
        Assert.That(text, Does.Contain("remove them and send the message again"));
        Assert.That(text, Does.Not.Contain("03-0000-1234").And.Not.Contain("Marcus Bell").And.Not.Contain("marcus@"));
        Assert.That(text, Does.Not.Contain("{{"), "every placeholder is filled");
    }

    [TestCase("en", "- and 70 more (Phone number: 70)")]
    [TestCase("ja", "- ほか 70 件（電話番号: 70 件）")]
    public void A_notice_lists_the_first_findings_and_counts_the_rest(string language, string countLine)
    {
        var item = Item();
        item = item with { Findings = [.. Enumerable.Repeat(item.Findings[0], 120)] };
        var composer = Composer(new NotifyOptions { MaxListedFindings = 50 }, defaultLanguage: language);

        var lines = composer.Compose(OutboxKind.SenderHeld, item, null).Single().Message.TextBody!.ReplaceLineEndings("\n").Split('\n');

        Assert.That(lines.Count(l => l.Contains("03-****-1234", StringComparison.Ordinal)), Is.EqualTo(50));
        Assert.That(lines, Does.Contain(countLine));
    }

    [TestCase("en", "- and 55770 more (Phone number: 55720, Name: 50)")]
    [TestCase("ja", "- ほか 55770 件（電話番号: 55720 件、氏名: 50 件）")]
    public void The_count_line_adds_what_the_store_only_counted_by_kind(string language, string countLine)
    {
        var item = Item();
        item = item with
        {
            Findings = [.. Enumerable.Repeat(item.Findings[0], 120)],
            OmittedFindings = new Dictionary<string, int> { [FindingKind.Phone] = 55_650, [FindingKind.Person] = 50 },
        };
        var composer = Composer(new NotifyOptions { MaxListedFindings = 50 }, defaultLanguage: language);

        var lines = composer.Compose(OutboxKind.SenderHeld, item, null).Single().Message.TextBody!.ReplaceLineEndings("\n").Split('\n');

        Assert.That(lines.Count(l => l.Contains("03-****-1234", StringComparison.Ordinal)), Is.EqualTo(50));
        Assert.That(lines, Does.Contain(countLine));
    }

    [Test]
    public void The_language_is_the_senders_preference_then_the_organisation_default()
    {
        var options = new NotifyOptions { SenderLanguages = new(StringComparer.OrdinalIgnoreCase) { ["sales.example.com"] = "ja", ["bob@example.com"] = "en" } };
        var composer = Composer(options, defaultLanguage: "ja");

        Assert.That(composer.LanguageFor("kenji@tokyo.sales.example.com"), Is.EqualTo("ja"));
        Assert.That(composer.LanguageFor("bob@example.com"), Is.EqualTo("en"));
        Assert.That(composer.LanguageFor("carol@example.com"), Is.EqualTo("ja"));

        var ja = composer.Compose(OutboxKind.SenderHeld, Item("kenji@sales.example.com"), null).Single();
        Assert.That(ja.Message.Subject, Does.StartWith("[MailGuard] 送信メールを保留しました"));
        Assert.That(ja.Message.TextBody, Does.Contain("電話番号: 03-****-1234").And.Contain("転送部分").And.Contain("第三者"));
    }

    [TestCase("mallory@example.net", null, false)]
    [TestCase("mallory@example.net", "mallory", true)]
    [TestCase("", null, false)]
    [TestCase("alice@sub.example.com", null, true)]
    public void Only_internal_or_authenticated_senders_are_told(string from, string? authenticated, bool told) =>
        Assert.That(Composer().Compose(OutboxKind.SenderRejected, Item(from, authenticated), null), Has.Count.EqualTo(told ? 1 : 0));

    [Test]
    public void Reviewers_get_the_reference_and_the_commands_and_nobody_when_none_are_configured()
    {
        var notice = Composer().Compose(OutboxKind.ReviewersHeld, Item(), null).Single();
        Assert.That(notice.Envelope.Recipients, Is.EqualTo(new[] { "review@example.com" }));
        Assert.That(notice.Message.TextBody, Does.Contain("mailguard quarantine release 0000000001BBBBBBBB"));

        Assert.That(Composer(new NotifyOptions()).Compose(OutboxKind.ReviewersHeld, Item(), null), Is.Empty);
    }

    [Test]
    public void The_release_notice_carries_the_reviewers_note()
    {
        var notice = Composer().Compose(OutboxKind.SenderReleased, Item(), "agreed with the client").Single();
        Assert.That(notice.Message.TextBody, Does.Contain("Reviewer's note: agreed with the client"));
    }

    [TestCase("body", "the message body")]
    [TestCase("body/quoted[2]", "a quoted earlier message")]
    [TestCase("attachment:顧客.xlsx/Sheet1", "the attachment \"顧客.xlsx\"")]
    [TestCase("attachment:old.eml/body/forwarded[1]", "the attachment \"old.eml\" (a forwarded message)")]
    public void Locations_read_as_words(string location, string words) =>
        Assert.That(NoticeWords.For("en").Where(location), Is.EqualTo(words));
}
