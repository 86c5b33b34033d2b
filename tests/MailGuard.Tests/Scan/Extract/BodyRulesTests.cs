using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>The line, quote and header rules of HTML conversion and thread splitting, pinned as they were before both were rewritten over spans.</summary>
public sealed class BodyRulesTests
{
    private static string Html(string html) => HtmlToText.Convert(html, CancellationToken.None);

    [Test]
    public void A_mailto_address_is_added_after_link_text_that_does_not_show_it()
    {
        Assert.That(Html("<p>Write to <a href=\"mailto:ken.ito%40example.com?subject=Hi\">Ken</a> today</p>"),
            Is.EqualTo("Write to Ken <ken.ito@example.com> today"));
        Assert.That(Html("<a href=\"MAILTO:ken.ito@example.com\">KEN.ITO@example.com</a>"), Is.EqualTo("KEN.ITO@example.com"));
        Assert.That(Html("<a href=\"https://example.com/\">site</a>"), Is.EqualTo("site"));
    }

    [Test]
    public void Whitespace_collapses_and_lines_are_trimmed_with_one_blank_line_at_most()
    {
        Assert.That(Html("  <div>  a \n\t b&nbsp;&nbsp;c </div><br><br><br><p>&nbsp;d</p>"), Is.EqualTo("a b  c\nd"));
        Assert.That(Html("<p> </p><p>x</p><p> </p>"), Is.EqualTo("x"));
    }

    [Test]
    public void Preformatted_lines_keep_their_tabs_but_lose_outer_spaces_and_repeated_blank_lines()
    {
        Assert.That(Html("<pre>\r\n\tcode  \r\n  more</pre>"), Is.EqualTo("\tcode\nmore"));
        Assert.That(Html("<pre>a\n\n\n\nb</pre>"), Is.EqualTo("a\n\nb"));
    }

    [Test]
    public void A_link_whose_text_start_was_trimmed_away_keeps_the_body_and_its_address()
    {
        // The space before the link is trimmed by the line break inside it, so the link starts past the text's end.
        Assert.That(Html("<div>a</div>&nbsp;<a href=\"mailto:aya@example.jp\"><br></a>"), Is.EqualTo("a\n<aya@example.jp>"));
    }

    [Test]
    public void Nested_quotes_nest_and_the_text_around_them_stays_in_its_section()
    {
        var segments = Split("Reply\r\n\r\n> a\r\n> > b\r\n> c  \r\n\r\nAfter \t\r\n\r\n");
        Assert.That(segments, Is.EqualTo(new[]
        {
            ("body", SegmentRole.Authored, "Reply"),
            ("body/quoted[1]", SegmentRole.Quoted, "a"),
            ("body/quoted[1]/quoted[1]", SegmentRole.Quoted, "b"),
            ("body/quoted[1]", SegmentRole.Quoted, "c"),
            ("body", SegmentRole.Authored, "After"),
        }));
    }

    [Test]
    public void Only_the_cr_before_a_line_break_belongs_to_the_break()
    {
        Assert.That(Split("x\r\r\ny \r\n\r\n"), Is.EqualTo(new[] { ("body", SegmentRole.Authored, "x\ny") }));
        Assert.That(Split("> a\r\n> b\rc"), Is.EqualTo(new[] { ("body/quoted[1]", SegmentRole.Quoted, "a\nb\rc") }));
    }

    [Test]
    public void A_bare_outlook_header_block_starts_a_quoted_section_with_its_headers()
    {
        var session = Session();
        ThreadSplitter.Split(session, "body", "Hi\n\n**From:** Ken Ito <ken.ito@example.com>\n> Sent: Monday\nTo: Aya <aya@example.jp>;\n  Bo <bo@example.org>\nSubject: Test\n\nOld  text\nmore", null);
        var headers = session.Segments.Single(s => s.Role == SegmentRole.Headers);
        Assert.That(headers.Location, Is.EqualTo("body/quoted[1]"));
        Assert.That(headers.Text.Original, Is.EqualTo("**From:** Ken Ito <ken.ito@example.com>\n> Sent: Monday\nTo: Aya <aya@example.jp>;\nBo <bo@example.org>\nSubject: Test"));
        Assert.That(headers.Headers!.From, Is.EqualTo(new[] { new MailboxRef("Ken Ito", "ken.ito@example.com") }));
        Assert.That(headers.Headers.To.Select(m => m.Address), Is.EqualTo(new[] { "aya@example.jp", "bo@example.org" }));
        Assert.That((headers.Headers.Date, headers.Headers.Subject), Is.EqualTo(("Monday", "Test")));
        Assert.That(session.Segments.Last().Text.Original, Is.EqualTo("Old  text\nmore"));
    }

    [TestCase("From: a@example.com", true)]
    [TestCase(" > *From* : a@example.com", true)]
    [TestCase("差出人：山田 太郎", true)]
    [TestCase("FROM:", true)]
    [TestCase("Fromage: brie", false)]
    [TestCase("To: a@example.com", false)]
    [TestCase("Abcdefghijklmn: 14 letters", false)]
    [TestCase("From a@example.com", false)]
    public void A_from_line_is_a_known_key_then_a_colon(string line, bool expected) =>
        Assert.That(ForwardHeaderParser.IsFromLine(line), Is.EqualTo(expected));

    [Test]
    public void Forward_header_addresses_keep_their_order_with_group_members_in_place_and_names_trimmed()
    {
        var mailboxes = ForwardHeaderParser.Mailboxes(
            "\" Mia Lund \" <mia@example.com>, Team: kai@example.org, Aya Sato <aya@example.jp>;; Bo Berg [mailto:bo@example.net]; Ken Ito");

        Assert.That(mailboxes, Is.EqualTo(new[]
        {
            new MailboxRef("Mia Lund", "mia@example.com"), new MailboxRef(null, "kai@example.org"), new MailboxRef("Aya Sato", "aya@example.jp"),
            new MailboxRef("Bo Berg", "bo@example.net"), new MailboxRef("Ken Ito", null),
        }));
    }

    private static ExtractionSession Session() => new(new ExtractOptions(), TimeProvider.System, CancellationToken.None);

    private static List<(string, SegmentRole, string)> Split(string text)
    {
        var session = Session();
        ThreadSplitter.Split(session, "body", text, null);
        return [.. session.Segments.Select(s => (s.Location, s.Role, s.Text.Original))];
    }
}
