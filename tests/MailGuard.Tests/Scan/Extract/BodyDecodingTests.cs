using System.Text;
using MailGuard.Scan.Extract;
using MimeKit;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Bodies are decoded whole by MimeKit's decoder rather than through its filtered stream: pinned against the stream it
/// replaces, for every transfer encoding, and end to end for bodies below and above the whole-decode size.
/// </summary>
public sealed class BodyDecodingTests
{
    private const string Body = "Dear Ms. Sato,\r\nplease call Jane Doe at 555-0123 or write to jane.doe@example.com.\r\n"
        + "担当 山田 太郎 03-0000-1234 =3D soft= line\r\n\r\nBest regards\r\n";

    [OneTimeSetUp]
    public void Register() => EncodingSupport.EnsureRegistered();

    [TestCase(ContentEncoding.Base64)]
    [TestCase(ContentEncoding.QuotedPrintable)]
    [TestCase(ContentEncoding.UUEncode)]
    [TestCase(ContentEncoding.EightBit)]
    [TestCase(ContentEncoding.SevenBit)]
    [TestCase(ContentEncoding.Binary)]
    public void Whole_decode_gives_the_bytes_the_decoding_stream_gives(ContentEncoding encoding)
    {
        var content = Parsed(Body, encoding);
        var expected = new MemoryStream();
        content.DecodeTo(expected);
        using var session = new ExtractionSession(new ExtractOptions(), TimeProvider.System, CancellationToken.None);
        var buffer = new byte[ContentSpill.ChunkSize];

        var length = TransferDecoding.TryDecodeWhole(session, content, buffer);

        Assert.That(buffer.AsSpan(0, length).ToArray(), Is.EqualTo(expected.ToArray()));
        Assert.That(Encoding.UTF8.GetString(buffer, 0, length), Does.Contain("03-0000-1234 =3D soft= line"));
    }

    [Test]
    public void A_part_too_large_to_decode_whole_is_left_to_the_stream()
    {
        var content = Parsed(string.Concat(Enumerable.Repeat(Body, 1000)), ContentEncoding.Base64);
        using var session = new ExtractionSession(new ExtractOptions(), TimeProvider.System, CancellationToken.None);

        Assert.That(TransferDecoding.TryDecodeWhole(session, content, new byte[ContentSpill.ChunkSize]), Is.EqualTo(-1));
    }

    [TestCase(1, ContentEncoding.QuotedPrintable)]
    [TestCase(1, ContentEncoding.Base64)]
    [TestCase(1000, ContentEncoding.QuotedPrintable)]
    [TestCase(1000, ContentEncoding.Base64)]
    public void A_body_reads_as_written_small_or_large(int repeats, ContentEncoding encoding)
    {
        var text = string.Concat(Enumerable.Repeat(Body, repeats));
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Jane Doe", "jane.doe@example.com"));
        message.To.Add(new MailboxAddress("Bob Lee", "bob.lee@example.net"));
        message.Body = new TextPart("plain") { Text = text, ContentTransferEncoding = encoding };
        var bytes = new MemoryStream();
        message.WriteTo(bytes);
        bytes.Position = 0;

        var result = new MessageExtractor().Extract(bytes, CancellationToken.None);

        var body = result.Segments.Single(s => s.Location == "body");
        Assert.That(body.Text.Original, Is.EqualTo(text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd()));
        Assert.That(result.Problems, Is.Empty);
    }

    private static IMimeContent Parsed(string text, ContentEncoding encoding)
    {
        var part = new TextPart("plain") { Text = text, ContentTransferEncoding = encoding };
        var written = new MemoryStream();
        part.WriteTo(written);
        written.Position = 0;
        return ((MimePart)MimeEntity.Load(written)).Content ?? throw new InvalidOperationException("the part lost its content");
    }
}

/// <summary>HTML is decoded while the tokenizer reads it: the characters must be those of the one-string decode.</summary>
public sealed class DecodingReaderTests
{
    private static readonly string Mixed = string.Concat(Enumerable.Repeat("<p>担当 山田 太郎 03-0000-1234 Zoë 😀 ①</p>\r\n", 300));

    [OneTimeSetUp]
    public void Register() => EncodingSupport.EnsureRegistered();

    [TestCase(50220, null)]
    [TestCase(50220, "us-ascii")]
    [TestCase(932, "shift_jis")]
    [TestCase(51932, "euc-jp")]
    [TestCase(65001, "utf-8")]
    [TestCase(65001, null)]
    [TestCase(1200, "utf-16")]
    public void Reading_in_any_piece_size_gives_the_decoded_string(int codePage, string? label)
    {
        var bytes = Encoding.GetEncoding(codePage).GetBytes(Mixed);
        AssertReadsAsDecoded(bytes, label);
    }

    [Test]
    public void A_byte_order_mark_is_skipped_as_the_string_decode_skips_it() =>
        AssertReadsAsDecoded([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Mixed)], "iso-8859-1");

    [Test]
    public void Broken_bytes_and_a_character_cut_at_the_end_decode_to_the_same_replacements()
    {
        var utf8 = Encoding.UTF8.GetBytes(Mixed);
        AssertReadsAsDecoded([.. utf8, 0xF0, 0x9F, 0x98], "utf-8");
        AssertReadsAsDecoded([.. utf8.AsSpan(0, 3000), 0xFF, 0xC3, .. utf8.AsSpan(3000)], "utf-8");
        var iso = Encoding.GetEncoding(50220).GetBytes(Mixed);
        AssertReadsAsDecoded([.. iso, 0x1B, 0x24], null);
    }

    [Test]
    public void A_text_that_might_pass_the_character_cap_is_left_to_the_string_decode()
    {
        var bytes = Encoding.UTF8.GetBytes(Mixed);
        Assert.That(CharsetDecoder.TryReader(bytes, bytes.Length, "utf-8", maxChars: 100, out _, out _), Is.False);
        Assert.That(CharsetDecoder.TryReader(bytes, 0, "utf-8", maxChars: 100, out _, out _), Is.False);
    }

    private static void AssertReadsAsDecoded(byte[] bytes, string? label)
    {
        var expected = CharsetDecoder.Decode(bytes, label, out var expectedProblem);
        foreach (var piece in (int[])[1, 2, 7, 2048])
        {
            Assert.That(CharsetDecoder.TryReader(bytes, bytes.Length, label, int.MaxValue, out var reader, out var problem), Is.True);
            var text = new StringBuilder();
            var buffer = new char[piece];
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                text.Append(buffer, 0, read);
            }
            Assert.That(text.ToString(), Is.EqualTo(expected), $"read {piece} characters at a time");
            Assert.That(problem, Is.EqualTo(expectedProblem));
        }
    }
}

/// <summary>What each tag does, now decided by MimeKit's tag id: pinned for every tag the converter knows.</summary>
public sealed class HtmlTagKindTests
{
    [TestCase("address"), TestCase("article"), TestCase("aside"), TestCase("blockquote"), TestCase("br"), TestCase("center")]
    [TestCase("dd"), TestCase("div"), TestCase("dl"), TestCase("dt"), TestCase("fieldset"), TestCase("figcaption"), TestCase("figure")]
    [TestCase("footer"), TestCase("form"), TestCase("h1"), TestCase("h2"), TestCase("h3"), TestCase("h4"), TestCase("h5"), TestCase("h6")]
    [TestCase("header"), TestCase("hr"), TestCase("li"), TestCase("main"), TestCase("nav"), TestCase("ol"), TestCase("P"), TestCase("section")]
    [TestCase("table"), TestCase("tbody"), TestCase("tfoot"), TestCase("thead"), TestCase("title"), TestCase("tr"), TestCase("ul"), TestCase("caption")]
    public void A_block_tag_breaks_the_line(string tag) =>
        Assert.That(HtmlToText.Convert($"Jane Doe<{tag}>555-0123", CancellationToken.None), Is.EqualTo("Jane Doe\n555-0123"));

    [TestCase("span"), TestCase("b"), TestCase("font"), TestCase("x-custom"), TestCase("td-like")]
    public void Other_tags_keep_the_line(string tag) =>
        Assert.That(HtmlToText.Convert($"Jane <{tag}>Doe</{tag}> 555-0123", CancellationToken.None), Is.EqualTo("Jane Doe 555-0123"));

    [Test]
    public void A_self_closing_tag_does_not_make_the_next_tag_of_its_name_self_closing() =>
        Assert.That(HtmlToText.Convert("<p/>Jane<style/>Doe<style>p{color:red}</style><p>555-0123</p><p>", CancellationToken.None),
            Is.EqualTo("JaneDoe\n555-0123"));

    [Test]
    public void A_tag_does_not_keep_the_attributes_of_an_earlier_tag_of_its_name() =>
        Assert.That(HtmlToText.Convert(
            "<a href=\"mailto:jane.doe@example.com\">Jane</a> and <a>Bob</a> and <a href=\"mailto:bob.lee@example.net\">Bob</a>",
            CancellationToken.None), Is.EqualTo("Jane <jane.doe@example.com> and Bob and Bob <bob.lee@example.net>"));

    [Test]
    public void Cells_links_pre_script_and_style_keep_their_roles() =>
        Assert.That(HtmlToText.Convert(
            "<STYLE>p{}</STYLE><script>x()</script><table><tr><TD>Jane Doe</td><th>555-0123</th></tr></table>"
            + "<a href=\"mailto:jane.doe@example.com\">Jane</a><pre>a\r\nb  c</pre>", CancellationToken.None),
            Is.EqualTo("Jane Doe\t555-0123\nJane <jane.doe@example.com>\na\nb  c"));
}
