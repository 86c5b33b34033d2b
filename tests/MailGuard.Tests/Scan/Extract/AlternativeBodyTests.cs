using MailGuard.Scan.Extract;
using MailGuard.Tests.Scan.Detect;
using MimeKit;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// The forms of a multipart/alternative: one that says what an earlier one said (whitespace and line-leading quote
/// markers aside) is read once, one that differs in a single other character is read and its findings reported.
/// </summary>
public sealed class AlternativeBodyTests
{
    private const string Plain = "Hello Dana,\n\nPlease call Marcus Bell on (312) 555-0182 about the invoice.\n\nThanks,\nAmy";

    private const string SameHtml =
        "<html><body><p>Hello Dana,</p><p>Please call Marcus Bell on   (312) 555-0182\nabout the invoice.</p><p>Thanks,<br>Amy</p></body></html>";

    private const string HiddenHtml =
        "<html><body><p>Hello Dana,</p><p>Please call Marcus Bell on (312) 555-0182 about the invoice.</p><p>Thanks,<br>Amy</p>"
        + "<span style=\"display:none\">backup (312) 555-0199</span></body></html>";

    [OneTimeSetUp]
    public void Register() => EncodingSupport.EnsureRegistered();

    [Test]
    public void An_html_form_with_the_plain_text_is_read_once()
    {
        var result = Extract(Alternative(SameHtml));

        Assert.That(result.Segments.Select(s => s.Location), Does.Contain("body").And.Not.Contain("body[2]"));
    }

    [Test]
    public void An_html_form_in_a_related_part_with_the_plain_text_is_read_once()
    {
        var related = new MultipartRelated { new TextPart("html") { Text = SameHtml } };
        var message = Message(new MultipartAlternative { new TextPart("plain") { Text = Plain }, related });

        var result = Extract(message);

        Assert.That(result.Segments.Select(s => s.Location), Does.Contain("body").And.Not.Contain("body[2]"));
    }

    [Test]
    public async Task An_html_form_with_one_hidden_word_more_is_read_and_its_findings_reported()
    {
        var message = Alternative(HiddenHtml);

        var result = Extract(message);
        var report = await TestScanner.Create(["example.com"]).ScanAsync(Serialize(message), null, CancellationToken.None);

        Assert.That(result.Segments.Where(s => s.Location == "body[2]").Select(s => s.Text.Original), Has.Some.Contain("555-0199"));
        Assert.That(report.Findings.Where(f => f.Location == "body[2]").Select(f => f.Text), Has.Some.Contain("555-0199"));
        Assert.That(report.Findings.Where(f => f.Location == "body").Select(f => f.Text), Has.Some.Contain("555-0182"));
    }

    [Test]
    public async Task A_reply_quoted_with_markers_in_plain_and_a_blockquote_in_html_is_read_and_reported_once()
    {
        const string quotedPlain =
            "Thanks Dana, forwarding below.\n\nOn Tue, May 13, 2025 at 4:48 PM Dana Ross <dana.ross@example.net> wrote:\n"
            + "> Please call Marcus Bell on (312) 555-0182.\n>\n> > Earlier: ask for Lena Park.\n";
        const string quotedHtml =
            "<div>Thanks Dana, forwarding below.</div><div><br></div><div>On Tue, May 13, 2025 at 4:48 PM Dana Ross &lt;"
            + "<a href=\"mailto:dana.ross@example.net\">dana.ross@example.net</a>&gt; wrote:<br></div><blockquote>"
            + "<div>Please call Marcus Bell on (312) 555-0182.</div><div><br></div><blockquote>Earlier: ask for Lena Park.</blockquote></blockquote>";
        var message = Message(new MultipartAlternative { new TextPart("plain") { Text = quotedPlain }, new TextPart("html") { Text = quotedHtml } });

        var result = Extract(message);
        var report = await TestScanner.Create(["example.com"]).ScanAsync(Serialize(message), null, CancellationToken.None);

        Assert.That(result.Segments.Select(s => s.Location), Has.None.StartsWith("body[2]"));
        Assert.That(report.Findings.Where(f => f.Text.Contains("555-0182", StringComparison.Ordinal)).Select(f => f.Location), Is.EqualTo(new[] { "body/quoted[1]" }));
    }

    [Test]
    public void Outlooks_original_message_rule_in_the_plain_form_only_is_layout()
    {
        var message = Message(new MultipartAlternative
        {
            new TextPart("plain")
            {
                Text = "Forwarding Dana's note.\n\n-----Original Message-----\nFrom: Dana Ross <dana.ross@example.net>\n"
                    + "Sent: Tuesday, May 13, 2025 4:48 PM\n\nCall me on (312) 555-0199.",
            },
            new TextPart("html")
            {
                Text = "<p>Forwarding Dana's note.</p><div style=\"border-top:solid #E1E1E1 1.0pt\"><p><b>From:</b> Dana Ross "
                    + "&lt;<a href=\"mailto:dana.ross@example.net\">dana.ross@example.net</a>&gt;<br><b>Sent:</b> Tuesday, May 13, 2025 4:48 PM</p></div>"
                    + "<p>Call me on (312) 555-0199.</p>",
            },
        });

        var result = Extract(message);

        Assert.That(result.Segments.Select(s => s.Location), Has.Some.StartsWith("body/").And.None.StartsWith("body[2]"));
    }

    [Test]
    public void A_rule_line_with_other_words_is_text_not_layout()
    {
        var message = Message(new MultipartAlternative
        {
            new TextPart("plain") { Text = Plain },
            new TextPart("html") { Text = "<p>" + Plain.Replace("\n", "<br>", StringComparison.Ordinal) + "</p><p>----- Lena Park -----</p>" },
        });

        var result = Extract(message);

        Assert.That(result.Segments.Where(s => s.Location.StartsWith("body[2]", StringComparison.Ordinal)).Select(s => s.Text.Original),
            Has.Some.Contain("Lena Park"));
    }

    [Test]
    public void A_marker_inside_a_line_is_text_not_layout()
    {
        var message = Message(new MultipartAlternative
        {
            new TextPart("plain") { Text = "Route: Osaka > Kobe, call (312) 555-0182" },
            new TextPart("html") { Text = "<p>Route: Osaka Kobe, call (312) 555-0182</p>" },
        });

        var result = Extract(message);

        Assert.That(result.Segments.Select(s => s.Location), Does.Contain("body").And.Contain("body[2]"));
    }

    [TestCase("Please call Marcus\u3000Bell on (312)\u00A0555-0182 about the invoice.", false)]
    [TestCase("Please call MarcusBell on (312) 555-0182 about the invoice.", true)]
    [TestCase("Please call Marcus Bell on (312) 555-0183 about the invoice.", true)]
    [TestCase("Please call Marcus Bell on (312) 555-0182 about the invoice", true)]
    public void Any_whitespace_is_layout_and_any_other_character_is_text(string line, bool readTwice)
    {
        var message = Message(new MultipartAlternative
        {
            new TextPart("plain") { Text = Plain },
            new TextPart("html") { Text = $"<p>Hello Dana,</p><p>{line}</p><p>Thanks,<br>Amy</p>" },
        });

        var locations = Extract(message).Segments.Select(s => s.Location);

        Assert.That(locations, readTwice ? Does.Contain("body[2]") : Does.Not.Contain("body[2]"));
    }

    [Test]
    public void A_plain_form_after_an_html_form_with_the_same_text_is_still_read()
    {
        var message = Message(new MultipartAlternative { new TextPart("html") { Text = SameHtml }, new TextPart("plain") { Text = Plain } });

        var result = Extract(message);

        Assert.That(result.Segments.Select(s => s.Location), Does.Contain("body").And.Contain("body[2]"));
    }

    [Test]
    public void Two_plain_texts_outside_an_alternative_are_both_read()
    {
        var message = Message(new Multipart("mixed") { new TextPart("plain") { Text = Plain }, new TextPart("plain") { Text = Plain } });

        var result = Extract(message);

        Assert.That(result.Segments.Select(s => s.Location), Does.Contain("body").And.Contain("body[2]"));
    }

    private static MimeMessage Alternative(string html) =>
        Message(new MultipartAlternative { new TextPart("plain") { Text = Plain }, new TextPart("html") { Text = html } });

    private static MimeMessage Message(MimeEntity body)
    {
        var message = new MimeMessage { Subject = "Invoice", Body = body };
        message.From.Add(new MailboxAddress("Amy Chen", "amy.chen@example.com"));
        message.To.Add(new MailboxAddress("Dana Ross", "dana.ross@example.net"));
        return message;
    }

    private static ExtractionResult Extract(MimeMessage message) =>
        new MessageExtractor().Extract(Serialize(message), CancellationToken.None);

    private static MemoryStream Serialize(MimeMessage message)
    {
        var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return stream;
    }
}
