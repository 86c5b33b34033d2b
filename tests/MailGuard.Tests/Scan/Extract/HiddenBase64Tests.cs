using System.Globalization;
using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Base64 pasted into a text body: what a person wrote is decoded and read, however it is encoded and wherever the
/// 3 KB sample ends; a body that only looks like base64 (a load generator's filler, one byte pattern) is not a document.
/// </summary>
public sealed class HiddenBase64Tests
{
    [OneTimeSetUp]
    public void Register() => EncodingSupport.EnsureRegistered();

    [Test]
    public void A_pasted_english_letter_is_read_past_the_sample()
    {
        var letter = new StringBuilder("Dear Ms. Whitfield,\n\n");
        for (var i = 0; i < 60; i++)
        {
            letter.Append(CultureInfo.InvariantCulture, $"Item {i}: the shipment for order PO-2025-{i:0000} left on the {i % 28 + 1}th; please confirm receipt.\n");
        }
        letter.Append("Regards,\nDaniel Okafor\nTel: (555) 010-0147\n");

        var result = Extract(Pasted(Encoding.ASCII.GetBytes(letter.ToString())));

        Assert.That(Decoded(result), Does.Contain("Daniel Okafor").And.Contain("(555) 010-0147"));
    }

    [Test]
    public void A_pasted_japanese_csv_in_utf8_is_read_when_the_sample_ends_inside_a_character()
    {
        var csv = new StringBuilder("氏名,電話,住所\n");
        for (var i = 0; csv.Length < 3000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"山田 太郎{i},03-0000-{1000 + i},東京都千代田区千代田{i}-1\n");
        }
        // The sample is the first 3,072 bytes: a title line long enough to put that cut inside a three-byte character.
        var pad = 0;
        while ((Encoding.UTF8.GetBytes(Title(pad) + csv)[3072] & 0xC0) != 0x80)
        {
            pad++;
        }
        var bytes = Encoding.UTF8.GetBytes(Title(pad) + csv);

        var result = Extract(Pasted(bytes));

        Assert.That(Decoded(result), Does.Contain("山田 太郎7,03-0000-1007").And.Contain(csv.ToString().TrimEnd()[^20..]));
    }

    [Test]
    public void A_pasted_japanese_letter_in_shift_jis_is_read()
    {
        var letter = new StringBuilder("山田様\n\nいつもお世話になっております。\n");
        for (var i = 0; i < 80; i++)
        {
            letter.Append(CultureInfo.InvariantCulture, $"第{i}回の打ち合わせは{i % 12 + 1}月に行います。資料は後ほどお送りします。\n");
        }
        letter.Append("佐藤 健一\n電話: 03-0000-7123\n");

        var result = Extract(Pasted(Encoding.GetEncoding(932).GetBytes(letter.ToString())));

        Assert.That(Decoded(result), Does.Contain("佐藤 健一").And.Contain("03-0000-7123"));
    }

    [Test]
    public void The_short_last_line_of_a_block_is_read()
    {
        // Base64 wraps at 76; a signature whose encoding leaves 4 to 12 characters for the last line.
        var signature = "Regards,\nDaniel Okafor\nTel: (555) 010-0147\n";
        while (Convert.ToBase64String(Encoding.ASCII.GetBytes(signature)).Length % 76 is < 4 or > 12)
        {
            signature = "-" + signature;
        }

        var result = Extract(Pasted(Encoding.ASCII.GetBytes(signature)));

        Assert.That(Decoded(result), Does.EndWith("Tel: (555) 010-0147"));
    }

    [Test]
    public void A_word_after_a_block_is_not_read_as_its_last_line()
    {
        // Two full lines of 76 (114 bytes), so "Taro" could complete the block as a last line of four.
        var letter = Encoding.ASCII.GetBytes("Regards,\nDaniel Okafor\nTel: (555) 010-0147\nSuite 400, Springfield, IL 62704\n".PadLeft(114, '-'));
        var encoded = Convert.ToBase64String(letter, Base64FormattingOptions.InsertLineBreaks);
        Assert.That(encoded.Split("\r\n").Select(l => l.Length), Is.EqualTo(new[] { 76, 76 }));

        var result = Extract(Message("See below.\r\n\r\n" + encoded + "\r\nTaro\r\n"));

        Assert.That(Decoded(result), Does.EndWith("Springfield, IL 62704"));
    }

    [TestCase(20)]
    [TestCase(64)]
    [TestCase(1280)]
    public void Smtp_source_filler_is_not_decoded(int lines)
    {
        // smtp-source's body: lines of the line number's last digit and 77 X. It is valid base64 from end to end and
        // decodes to "]uﾗ]uﾗ..." that CP932 accepts, but it is one pattern repeated.
        var body = string.Concat(Enumerable.Range(1, lines).Select(n => (char)('0' + n % 10) + new string('X', 77) + "\r\n"));

        var result = Extract(Message(body));

        Assert.That(result.Segments.Select(s => s.Location), Does.Not.Contain("body/base64[1]"));
        Assert.That(result.Segments.Single(s => s.Location == "body").Text.Normalized, Does.StartWith("1XXX"));
    }

    [Test]
    public void One_repeated_text_pattern_is_not_a_document()
    {
        var pattern = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("ab12-", 400)));

        Assert.That(Decoded(Extract(Pasted(pattern))), Is.Empty);
    }

    [Test]
    public void Short_and_varied_text_is_not_a_pattern()
    {
        Assert.That(EncodedText.IsOnePattern("ab12-ab12-ab12-"u8), Is.False);
        Assert.That(EncodedText.IsOnePattern(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"{i},03-0000-{1000 + i}\n")))), Is.False);
        Assert.That(EncodedText.IsOnePattern(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"山田 太郎{i}様\n")))), Is.False);
        Assert.That(EncodedText.IsOnePattern(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("ab12-", 100)))), Is.True);
    }

    private static string Title(int pad) => "名簿 " + new string('=', pad) + "\n";

    private static string Decoded(ExtractionResult result) =>
        string.Join("\n", result.Segments.Where(s => s.Location.StartsWith("body/base64[", StringComparison.Ordinal)).Select(s => s.Text.Normalized));

    private static byte[] Pasted(byte[] content) =>
        Message("Please see below.\r\n\r\n" + Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks) + "\r\n\r\nThanks\r\n");

    private static byte[] Message(string body) => Encoding.ASCII.GetBytes(
        "From: Aya Nakamura <a.nakamura@example.com>\r\nTo: Client <client@example.org>\r\nSubject: notes\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body);

    private static ExtractionResult Extract(byte[] message) =>
        new MessageExtractor().Extract(new MemoryStream(message), CancellationToken.None);
}
