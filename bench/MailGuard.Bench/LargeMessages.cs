using System.Globalization;
using System.Text;

namespace MailGuard.Bench;

/// <summary>
/// The <c>large</c> set: ~100 KB text messages, the relay's 100 KB load. A third are what <c>smtp-source -l 102400</c>
/// sends (1,280 lines of a digit and 77 <c>X</c>: base64-looking, every line starting with a digit); the rest are
/// 100 KB letters a person wrote, in English (us-ascii, 7bit) and Japanese (UTF-8, base64), with dates, order
/// numbers, a few fictional phone numbers and addresses, so a speed-up is not tuned to the X's.
/// </summary>
internal static class LargeMessages
{
    private const int TargetBytes = 102_400;

    private static readonly string[] English =
    [
        "Thank you for the meeting on {0} March. As promised, here is the summary of what we agreed and what is still open.",
        "The shipment for order PO-2025-{0:0000} left our warehouse on the 14th and should reach your dock within five working days.",
        "We reviewed the invoice INV-2025-03-{0:0000} against the delivery note; the quantities match, but the unit price on line 4 is the old one.",
        "Our team would like to move the quarterly review to the first week of next month, if that suits your schedule.",
        "Please find the revised figures below. Revenue for the quarter came to 1,{0:000},250 USD, about 4% above the plan.",
        "If anything is unclear, do not hesitate to call me or send a short note; I am in the office most mornings this week.",
        "The contract renewal will follow the same terms as last year, with the service level raised from 99.5% to 99.9%.",
        "Regarding the training sessions, twelve people have registered so far and we can take eight more before the 30th.",
    ];

    private static readonly string[] Japanese =
    [
        "いつも大変お世話になっております。{0}月の定例会議の議事録をお送りいたします。",
        "ご注文番号 PO-2025-{0:0000} の商品は本日倉庫より出荷いたしました。到着まで三営業日ほどお待ちください。",
        "請求書 INV-2025-03-{0:0000} につきまして、納品書と照合いたしましたところ、四行目の単価に誤りがございました。",
        "次回の打ち合わせは来月の第一週を予定しております。ご都合のよろしい日時をお知らせいただけますと幸いです。",
        "今四半期の売上は 1,{0:000},250 円となり、計画を約4%上回りました。詳細は添付の資料をご覧ください。",
        "ご不明な点がございましたら、お気軽にお問い合わせください。今週は午前中であれば社におります。",
        "契約の更新につきましては、昨年と同じ条件で、サービスレベルのみ99.5%から99.9%に引き上げる予定です。",
        "研修には現在十二名の申し込みがあり、30日まではあと八名まで受け付けることができます。",
    ];

    /// <summary><paramref name="count"/> of smtp-source's 100 KB message alone: the relay's <c>large</c> load.</summary>
    public static IReadOnlyList<byte[]> SmtpSourceOnly(int count) => [.. Enumerable.Range(0, count).Select(SmtpSource)];

    /// <summary><paramref name="count"/> messages: smtp-source's body, an English letter, a Japanese letter, in turn.</summary>
    public static IReadOnlyList<byte[]> Create(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (i % 3) switch
        {
            0 => SmtpSource(i),
            1 => EnglishLetter(i),
            _ => JapaneseLetter(i),
        })];

    private static byte[] SmtpSource(int n)
    {
        var message = new StringBuilder(Headers(n, "<alice@example.com>", "<bob@example.net>", null));
        message.Append("\r\n");
        // smtp-source writes lines of 78 characters; the first is the line number's last digit.
        for (var line = 1; message.Length < TargetBytes; line++)
        {
            message.Append((char)('0' + line % 10)).Append('X', 77).Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(message.ToString());
    }

    private static byte[] EnglishLetter(int n)
    {
        var body = Letter(n, "Dear Ms. Whitfield,", English,
            "Best regards,\nDaniel Okafor\nAccount Manager, Northwind Supplies\nTel: (555) 010-{0:0000}\n1200 Harbor Blvd, Suite 400, Springfield, IL 62704");
        var headers = Headers(n, "Daniel Okafor <d.okafor@sakura-trading.example>", "Grace Whitfield <g.whitfield@example.com>",
            "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit");
        return Encoding.ASCII.GetBytes(headers + "\r\n" + body.Replace("\n", "\r\n", StringComparison.Ordinal));
    }

    private static byte[] JapaneseLetter(int n)
    {
        var body = Letter(n, "株式会社サンプル商事\n営業部 山田 花子 様", Japanese,
            "よろしくお願いいたします。\n\n佐藤 健一\nさくら貿易株式会社 営業部\n〒100-0001 東京都千代田区千代田1-1\n電話: 03-0000-{0:0000}");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(body.Replace("\n", "\r\n", StringComparison.Ordinal)), Base64FormattingOptions.InsertLineBreaks);
        var headers = Headers(n, "Kenichi Sato <k.sato@sakura-trading.example>", "Hanako Yamada <h.yamada@example.jp>",
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64");
        return Encoding.ASCII.GetBytes(headers + "\r\n" + encoded + "\r\n");
    }

    // Paragraphs of three to five sentences, numbers varying with the position, until the body is ~100 KB.
    private static string Letter(int n, string greeting, string[] sentences, string signature)
    {
        var text = new StringBuilder(greeting).Append("\n\n");
        var bytes = 0;
        for (var i = 0; bytes < TargetBytes - 1000; i++)
        {
            var paragraph = string.Join(" ", Enumerable.Range(0, 3 + i % 3)
                .Select(k => string.Format(CultureInfo.InvariantCulture, sentences[(i * 5 + k) % sentences.Length], (n * 37 + i * 7 + k) % 1000)));
            text.Append(Wrap(paragraph)).Append("\n\n");
            bytes = Encoding.UTF8.GetByteCount(text.ToString());
        }
        return text.Append(string.Format(CultureInfo.InvariantCulture, signature, 7000 + n % 100)).Append('\n').ToString();
    }

    // Mail clients wrap prose at ~76 columns; Japanese at ~38 characters.
    private static string Wrap(string paragraph)
    {
        var width = paragraph.Any(c => c > 0x3000) ? 38 : 76;
        var lines = new StringBuilder();
        var line = new StringBuilder();
        foreach (var word in paragraph.Split(' '))
        {
            if (line.Length > 0 && line.Length + word.Length >= width)
            {
                lines.Append(line).Append('\n');
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        return lines.Append(line).ToString();
    }

    private static string Headers(int n, string from, string to, string? content) =>
        $"From: {from}\r\nTo: {to}\r\nDate: Thu, 26 Nov 2026 22:59:45 +0000\r\nMessage-Id: <{n}.bench@example.com>\r\nSubject: Quarterly summary {n}\r\n"
        + (content is null ? "" : "MIME-Version: 1.0\r\n" + content + "\r\n");
}
