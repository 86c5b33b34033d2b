using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>Text parts are decoded in pieces and cut at the character limit: the pieces join without losing a character.</summary>
public sealed class BoundedTextTests
{
    // Shift_JIS (CP932) has the NEC extras and half-width katakana; ISO-2022-JP and EUC-JP only the plain set; emoji only Unicode.
    private const string Japanese = "佐藤花子様（㈱テスト）の電話は03-0000-1234、住所は東京都港区芝公園4-2-8です。ｶﾀｶﾅも①も。\r\n";
    private const string PlainJapanese = "佐藤花子様の電話は03-0000-1234、住所は東京都港区芝公園4-2-8です。\r\n";

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    private static ExtractionResult Extract(byte[] message, ExtractOptions options) =>
        new MessageExtractor(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System)
            .Extract(new MemoryStream(message), CancellationToken.None);

    // Odd piece sizes put the seams inside multibyte characters, escape sequences and surrogate pairs.
    [TestCase("utf-8", 65001, 7)]
    [TestCase("utf-8", 65001, 4099)]
    [TestCase("shift_jis", 932, 7)]
    [TestCase("shift_jis", 932, 4099)]
    [TestCase(null, 932, 13)]
    [TestCase("euc-jp", 51932, 5)]
    [TestCase("iso-2022-jp", 50220, 3)]
    [TestCase(null, 50220, 11)]
    [TestCase("utf-16", 1200, 9)]
    public void Decoding_in_pieces_gives_the_same_text_as_decoding_at_once(string? label, int codePage, int chunkBytes)
    {
        EncodingSupport.EnsureRegistered();
        var text = Repeat(codePage switch { 50220 or 51932 => PlainJapanese, 932 => Japanese, _ => Japanese + "😀 絵文字\r\n" }, 40);
        var bytes = Encoding.GetEncoding(codePage).GetPreamble().Concat(Encoding.GetEncoding(codePage).GetBytes(text)).ToArray();

        var streamed = CharsetDecoder.Decode(new MemoryStream(bytes), long.MaxValue, label, 1_000_000, out var problem, out var truncated, chunkBytes);

        Assert.That(streamed, Is.EqualTo(text));
        Assert.That(streamed, Is.EqualTo(CharsetDecoder.Decode(bytes, label, out var inMemoryProblem)));
        Assert.That(problem, Is.Null.And.EqualTo(inMemoryProblem));
        Assert.That(truncated, Is.False);
    }

    [TestCase(65001, 100)]
    [TestCase(932, 100)]
    [TestCase(50220, 100)]
    [TestCase(65001, 1)]
    public void Decoding_in_pieces_stops_at_the_character_limit_and_says_there_was_more(int codePage, int maxChars)
    {
        EncodingSupport.EnsureRegistered();
        var text = Repeat("山田太郎 yamada@example.jp 03-0000-5678\n", 50);
        var bytes = Encoding.GetEncoding(codePage).GetBytes(text);

        var streamed = CharsetDecoder.Decode(new MemoryStream(bytes), long.MaxValue, null, maxChars, out _, out var truncated, chunkBytes: 17);

        Assert.That(streamed, Is.EqualTo(text[..maxChars]));
        Assert.That(truncated, Is.True);
    }

    [Test]
    public void A_surrogate_pair_that_would_cross_the_limit_is_left_out_whole()
    {
        var text = "abc😀def";
        var streamed = CharsetDecoder.Decode(new MemoryStream(Encoding.UTF8.GetBytes(text)), long.MaxValue, "utf-8", 4, out _, out var truncated, chunkBytes: 2);
        Assert.That(streamed, Is.EqualTo("abc"));
        Assert.That(truncated, Is.True);
    }

    [Test]
    public void Bytes_past_the_byte_limit_count_as_more_text()
    {
        var streamed = CharsetDecoder.Decode(new MemoryStream(Encoding.ASCII.GetBytes(Repeat("x", 100))), 40, "us-ascii", 1000, out _, out var truncated, chunkBytes: 8);
        Assert.That(streamed, Is.EqualTo(Repeat("x", 40)));
        Assert.That(truncated, Is.True);
    }

    [TestCase(16)]
    [TestCase(CharsetDecoder.ChunkBytes)]
    public void A_character_cut_by_the_byte_limit_does_not_spoil_the_charset(int chunkBytes)
    {
        EncodingSupport.EnsureRegistered();
        var sjis = Encoding.GetEncoding(932);
        var bytes = sjis.GetBytes(Repeat(Japanese, 10));
        // One byte into the second line's first (two-byte) character.
        var limit = sjis.GetByteCount(Japanese) + 1;

        var streamed = CharsetDecoder.Decode(new MemoryStream(bytes), limit, null, 1000, out var problem, out var truncated, chunkBytes);

        Assert.That(streamed, Is.EqualTo(Japanese));
        Assert.That(problem, Is.Null);
        Assert.That(truncated, Is.True);
    }

    [Test]
    public void Large_shift_jis_attachment_is_cut_at_the_limit_with_the_named_problem()
    {
        EncodingSupport.EnsureRegistered();
        // Larger than one decoding piece, so the part is read in pieces; unlabeled, so Shift_JIS is recognised by its bytes.
        var text = Repeat(Japanese, 6000);
        var message = GeneratedMessages.WithAttachment("notes.txt", Encoding.GetEncoding(932).GetBytes(text), "text/plain");
        Assert.That(Encoding.GetEncoding(932).GetByteCount(text), Is.GreaterThan(CharsetDecoder.ChunkBytes));

        var result = Extract(message, new ExtractOptions { MaxTextCharsPerPart = 100_000 });

        var document = result.Segments.Single(s => s.Location == "attachment:notes.txt" && s.Role == SegmentRole.Document).Text.Original;
        Assert.That(text.Replace("\r\n", "\n", StringComparison.Ordinal), Does.StartWith(document));
        Assert.That(document, Has.Length.InRange(95_000, 100_000));
        Assert.That(result.Problems, Is.EqualTo(new[]
        {
            new ExtractionProblem("attachment:notes.txt", "text longer than 100000 characters; the rest was not read"),
        }));
    }

    [Test]
    public void Body_longer_than_the_limit_is_named_even_when_its_line_breaks_shrink_it_below()
    {
        // 1,000 characters with CRLF are fewer than 1,000 once the breaks are LF: the cut text must still be reported.
        var body = Repeat("Call Mia Lund at 555-0142.\r\n", 60);
        var message = Encoding.ASCII.GetBytes($"From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{body}");

        var result = Extract(message, new ExtractOptions { MaxTextCharsPerPart = 1000 });

        Assert.That(result.Problems, Has.Some.EqualTo(new ExtractionProblem("body", "text longer than 1000 characters; the rest was not read")));
        Assert.That(result.Segments.Where(s => s.Location == "body").Sum(s => s.Text.Original.Length), Is.LessThan(1000));
    }

    // A body is read into one chunk first and decoded from there when it ends within it; longer ones are copied on.
    [TestCase(-1)]
    [TestCase(0)]
    [TestCase(1)]
    public void Base64_body_around_the_first_chunk_decodes_whole(int beyondChunk)
    {
        EncodingSupport.EnsureRegistered();
        // ASCII, so a cut anywhere leaves valid text.
        var line = "Mia Lund mia.lund@example.jp 555-0142\r\n";
        var bytes = Encoding.UTF8.GetBytes(Repeat(line, ContentSpill.ChunkSize / Encoding.UTF8.GetByteCount(line) + 1))
            .AsSpan(0, ContentSpill.ChunkSize + beyondChunk).ToArray();
        bytes[^1] = (byte)'x';
        var text = Encoding.UTF8.GetString(bytes);
        var message = Encoding.ASCII.GetBytes("From: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks) + "\r\n");

        var result = Extract(message, new ExtractOptions());

        Assert.That(result.Segments.Single(s => s.Location == "body").Text.Original,
            Is.EqualTo(text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd()));
        Assert.That(result.Problems, Is.Empty);
    }

    [Test]
    public void Csv_rows_keep_quoted_cells_escaped_quotes_and_drop_trailing_breaks()
    {
        var csv = "name,note,phone\r\n\"Lund, Mia\",\"said \"\"hi\"\"\nthen left\",555-0142\r\nKai Berg,,555-0143,\r\n\r\n";
        var result = Extract(GeneratedMessages.WithAttachment("people.csv", Encoding.UTF8.GetBytes(csv), "text/csv"), new ExtractOptions());
        Assert.That(result.Segments.Single(s => s.Role == SegmentRole.Table).Text.Original,
            Is.EqualTo("name\tnote\tphone\nLund, Mia\tsaid \"hi\" then left\t555-0142\nKai Berg\t\t555-0143"));
    }
}
