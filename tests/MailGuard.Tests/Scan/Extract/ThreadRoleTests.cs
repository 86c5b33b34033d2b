using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>Forward and reply styles become sections with their roles, locations and parsed header blocks.</summary>
public sealed class ThreadRoleTests
{
    private static ExtractionResult Extract(string fixture) =>
        new MessageExtractor().Extract(Path.Combine(CorpusPaths.Fixtures, fixture), CancellationToken.None);

    private static TextSegment Single(ExtractionResult result, string location, SegmentRole role) =>
        result.Segments.Single(s => s.Location == location && s.Role == role);

    [Test]
    public void Gmail_forward_of_a_forward_nests_in_the_location()
    {
        var result = Extract("fwd_gmail_nested.eml");
        var inner = Single(result, "body/forwarded[1]/forwarded[1]", SegmentRole.Forwarded);
        Assert.That(inner.Text.Original, Does.Contain("617-555-0119"));
        Assert.That(inner.Headers!.From, Is.EqualTo(new[] { new MailboxRef("Sarah O'Neill", "sarah.oneill@pinecrest.example.com") }));
        Assert.That(inner.Headers.To.Select(m => m.Address), Is.EqualTo(new[] { "emily.carter@example.com", "ben@okafor.example.org" }));
        Assert.That(Single(result, "body/forwarded[1]", SegmentRole.Forwarded).Text.Original, Is.EqualTo("Adding the original below."));
        Assert.That(Single(result, "body", SegmentRole.Authored).Text.Original, Does.Not.Contain("Forwarded"));
    }

    [Test]
    public void Outlook_japanese_header_block_under_the_underscore_rule_is_parsed()
    {
        var result = Extract("fwd_outlook_ja.eml");
        var headers = Single(result, "body/forwarded[1]", SegmentRole.Headers);
        Assert.That(headers.Text.Original, Does.Contain("差出人: 吉田 由美"));
        Assert.That(headers.Headers!.From.Single(), Is.EqualTo(new MailboxRef("吉田 由美", "y.yoshida@kaede-denki.example.co.jp")));
        Assert.That(headers.Headers.Cc.Single().DisplayName, Is.EqualTo("田中 一郎"));
        Assert.That(headers.Headers.Subject, Is.EqualTo("発注窓口の変更について"));
        Assert.That(headers.Headers.Date, Is.EqualTo("2025年5月14日 水曜日 17:10"));
        Assert.That(Single(result, "body/forwarded[1]", SegmentRole.Forwarded).Text.Original, Does.Contain("TEL: 06-0000-1240"));
    }

    [Test]
    public void Outlook_english_original_message_reads_mailto_brackets_and_semicolon_lists()
    {
        var block = Single(Extract("fwd_outlook_en.eml"), "body/forwarded[1]", SegmentRole.Forwarded).Headers!;
        Assert.That(block.From.Single(), Is.EqualTo(new MailboxRef("Marcus Bell", "marcus.bell@freight.example.org")));
        Assert.That(block.To.Select(m => m.DisplayName), Is.EqualTo(new[] { "Aya Nakamura", "Ken Ito" }));
        Assert.That(block.Cc.Single().Address, Is.EqualTo("dispatch@freight.example.org"));
        Assert.That(block.Date, Is.EqualTo("Tuesday, May 13, 2025 4:12 PM"));
    }

    [TestCase("fwd_thunderbird.eml", "Hannah Price", "h.price@pricemarsh.example")]
    [TestCase("fwd_apple.eml", "Rebecca Hollis", "rebecca.hollis@hollisvane.example.com")]
    [TestCase("fwd_gmail_ja.eml", "鈴木 健太", "kenta.suzuki@abc-sol.example.com")]
    public void Forward_styles_become_forwarded_sections_with_their_sender(string fixture, string name, string address)
    {
        var forwarded = Single(Extract(fixture), "body/forwarded[1]", SegmentRole.Forwarded);
        Assert.That(forwarded.Headers!.From.Single(), Is.EqualTo(new MailboxRef(name, address)));
    }

    [Test]
    public void Japanese_gmail_attribution_quotes_and_nests()
    {
        var result = Extract("reply_gmail_ja_flowed.eml");
        var quoted = Single(result, "body/quoted[1]", SegmentRole.Quoted);
        Assert.That(quoted.Headers!.From.Single(), Is.EqualTo(new MailboxRef("山田 太郎", "taro.yamada@example.jp")));
        Assert.That(quoted.Headers.Date, Is.EqualTo("2025年5月14日(水) 10:02"));
        Assert.That(quoted.Text.Original, Does.Contain("090-0000-5678"), "format=flowed lines are joined");
        Assert.That(Single(result, "body/quoted[1]/quoted[1]", SegmentRole.Quoted).Headers!.From.Single().DisplayName, Is.EqualTo("中村 彩"));
    }

    [Test]
    public void Wrapped_english_attribution_names_the_quoted_sender_and_text_after_the_quote_is_authored()
    {
        var result = Extract("reply_en_wrapped.eml");
        Assert.That(Single(result, "body/quoted[1]", SegmentRole.Quoted).Headers!.From.Single(),
            Is.EqualTo(new MailboxRef("Dr. Helen Park", "helen.park@example.org")));
        Assert.That(result.Segments.Where(s => s.Location == "body" && s.Role == SegmentRole.Authored).Select(s => s.Text.Original),
            Is.EqualTo(new[] { "Thanks Helen, noted.", "Aya" }));
    }

    [Test]
    public void Quoted_reply_inside_an_attached_message_has_a_path_location()
    {
        var result = Extract("attach_documents.eml");
        Assert.That(Single(result, "attachment:old.eml/body/quoted[1]", SegmentRole.Quoted).Text.Original, Does.Contain("collect on Tuesday"));
        Assert.That(Single(result, "attachment:old.eml/headers", SegmentRole.Headers).Headers!.From.Single().Address,
            Is.EqualTo("oliver.grant@northgate.example"));
    }

    [Test]
    public void Top_level_headers_are_text_and_a_block()
    {
        var result = Extract("headers_rfc2047_2231.eml");
        Assert.That(result.Headers.From.Single(), Is.EqualTo(new MailboxRef("中村 彩", "a.nakamura@example.com")));
        Assert.That(result.Headers.Cc.Single(), Is.EqualTo(new MailboxRef("田中 一郎", "ichiro.tanaka@example.jp")), "group members count");
        var text = Single(result, "headers", SegmentRole.Headers).Text.Original;
        Assert.That(text, Does.Contain("Zoë Dupont <zoe@example.org>").And.Contain("井上 翔太 <shota.inoue@example.jp>").And.Contain("Subject: 顧客一覧の送付"));
        Assert.That(Single(result, "attachment:顧客一覧.txt", SegmentRole.FileName).Text.Original, Is.EqualTo("顧客一覧.txt"), "RFC 2231 file name");
    }
}
