using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

public sealed class PhoneRecognizerTests
{
    private static readonly PhoneRecognizer Recognizer = new(["JP", "US", "GB", "AU"]);

    private static List<string> Found(string text)
    {
        var normalized = NormalizedText.From(text);
        return [.. Recognizer.Find(normalized.Normalized).Select(i => normalized.OriginalOf(i.Start, i.Length))];
    }

    [TestCase("TEL：03-0000-7123　FAX：03-0000-7101", "03-0000-7123")]
    [TestCase("ＴＥＬ：０５２－０００－１２３４", "０５２－０００－１２３４")]
    [TestCase("携帯：090-0000-3412", "090-0000-3412")]
    [TestCase("０１１（０００）５５６６", "０１１（０００）５５６６")]
    [TestCase("call me directly at (312) 555-0182.", "(312) 555-0182")]
    [TestCase("Tel: +1 (212) 555-0153", "+1 (212) 555-0153")]
    [TestCase("T: +1 (212) 555-0147 | M: 917.555.0162", "917.555.0162")]
    [TestCase("Mobile: 07700 900123", "07700 900123")]
    [TestCase("Tel: +44 20 7946 0958", "+44 20 7946 0958")]
    [TestCase("Ph: +61 2 5550 9876 | Mob: 0491 570 157", "0491 570 157")]
    [TestCase("Tel: +81-3-0000-7123", "+81-3-0000-7123")]
    [TestCase("06-0000-6872", "06-0000-6872")]
    [TestCase("私の携帯（090-0000-7145）までご連絡ください。", "090-0000-7145")]
    [TestCase("call her (mobile 0491 570 157) today", "0491 570 157")]
    [TestCase("or call (312) 555-0182 today", "(312) 555-0182")]
    [TestCase("TEL：06-0000-7721／携帯：090-0000-3318", "06-0000-7721")]
    [TestCase("TEL 06-0000-7721/FAX 06-0000-7722", "06-0000-7721")]
    [TestCase("TEL.06-0000-7721　FAX.06-0000-7722", "06-0000-7721")]
    [TestCase("TEL.06-0000-7721　FAX.06-0000-7722", "06-0000-7722")]
    [TestCase("Tel. (312) 555-0182/Fax (312) 555-0183", "(312) 555-0182")]
    [TestCase("フリーランスの小野寺さん（hina.onodera@example.jp／090-0000-2255）", "090-0000-2255")]
    [TestCase("連絡先：090-0000-2256/hina.onodera@example.jp", "090-0000-2256")]
    public void FindsNumbersAsWritten(string text, string expected)
    {
        Assert.That(Found(text), Does.Contain(expected));
    }

    [TestCase("HAWB 6044-1187")]
    [TestCase("part 415-555-0199-B and 212-555-0166-C")]
    [TestCase("ref 0044-2079-460, PO 4500-5550-142")]
    [TestCase("INV-2025-05-0193 dated 2025-05-20")]
    [TestCase("HS code 7326.90.9890")]
    [TestCase("注文番号：2025-0514-0032　出荷日：2025/05/20")]
    [TestCase("品番 0120-4477-25 / 4402-1185-3361")]
    [TestCase("Q-2025-0514-003, TB-0612-3456-8, R-0514-001")]
    [TestCase("https://www.example.com/insights/2025-05?id=8841-2203")]
    [TestCase("2025年6月18日（水）15:00～16:30")]
    [TestCase("Meeting ID: 845 5501 2345")]
    [TestCase("0491-570-22 cable gland")]
    [TestCase("Ref.06-0000-7721, lot 06-0000-7722/A, No.03-0000-1234")]
    [TestCase("SKU 06-0000-7723/M8 and 06-0000-7724/2")]
    [TestCase("https://files.example.com/docs/06-0000-7725 and https://u@files.example.com/06-0000-7726")]
    public void IgnoresReferenceNumbersDatesAndCodes(string text)
    {
        Assert.That(Found(text), Is.Empty);
    }

    [Test]
    public void JapaneseTextReadsNationalNumbersAsJapanese()
    {
        var item = Recognizer.Find("03-0000-8561", 0, japaneseText: true).Single();
        Assert.That(item.Value, Does.StartWith("+81"));
    }

    [Test]
    public void A_number_seen_before_in_the_message_is_judged_again_on_its_own_line()
    {
        var matches = new PhoneMatches();

        var first = Recognizer.Find("Tel: 03-0000-7123", 0, japaneseText: true, matches).Single();
        var again = Recognizer.Find("電話 03-0000-7123", 100, japaneseText: true, matches).Single();
        var partOfCode = Recognizer.Find("SKU-03-0000-7123", 200, japaneseText: true, matches);

        Assert.Multiple(() =>
        {
            Assert.That((first.Start, first.Value), Is.EqualTo((5, "+81300007123")));
            Assert.That((again.Start, again.Value), Is.EqualTo((103, "+81300007123")));
            Assert.That(partOfCode, Is.Empty);
        });
    }

    [Test]
    public void A_run_is_read_once_per_message_judged_on_each_line_and_not_kept_for_the_next_message()
    {
        var message = new PhoneMatches();
        var next = new PhoneMatches();

        var first = Recognizer.Find("Tel: 06-0000-4410", 0, japaneseText: true, message).Single();
        var again = Recognizer.Find("INV-06-0000-4410 / 電話 06-0000-4410", 0, japaneseText: true, message).Single();

        var kept = message.Find("06-0000-4410", "JP");
        Assert.Multiple(() =>
        {
            Assert.That(message.Find("06-0000-4410", "JP"), Is.SameAs(kept), "read once for the message");
            Assert.That(next.Find("06-0000-4410", "JP"), Is.Not.SameAs(kept), "a message's numbers stay with it");
            Assert.That((first.Start, first.Value), Is.EqualTo((5, "+81600004410")));
            Assert.That((again.Start, again.Value), Is.EqualTo((22, "+81600004410")));
        });
    }
}
