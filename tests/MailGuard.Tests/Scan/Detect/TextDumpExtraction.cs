using System.Net;
using System.Text.RegularExpressions;
using MailGuard.Scan.Extract;
using MimeKit;

namespace MailGuard.Tests.Scan.Detect;

// THROWAWAY until the extract branch lands: a naive MimeKit text dump so detection can be tried end to end.
internal static class TextDumpExtraction
{
    public static ExtractionResult Extract(Stream stream)
    {
        EncodingSupport.EnsureRegistered();
        var message = MimeMessage.Load(stream);
        var segments = new List<TextSegment>();
        var problems = new List<ExtractionProblem>();
        Walk(message, "body", null, segments, problems);
        return new ExtractionResult(Headers(message), segments, problems);
    }

    private static HeaderBlock Headers(MimeMessage m) => new(
        [.. m.From.Mailboxes.Select(x => new MailboxRef(x.Name, x.Address))],
        [.. m.To.Mailboxes.Select(x => new MailboxRef(x.Name, x.Address))],
        [.. m.Cc.Mailboxes.Select(x => new MailboxRef(x.Name, x.Address))], null, m.Subject);

    private static void Walk(MimeMessage message, string location, HeaderBlock? headers, List<TextSegment> segments, List<ExtractionProblem> problems)
    {
        var hadPlain = false;
        foreach (var part in message.BodyParts)
        {
            if (part is MessagePart mp && mp.Message is { } inner)
            {
                Walk(inner, $"attachment:{mp.ContentDisposition?.FileName ?? "message.eml"}/body", Headers(inner), segments, problems);
                continue;
            }
            if (part is not MimePart p)
            {
                continue;
            }
            var name = p.FileName;
            if (p is TextPart tp && name is null)
            {
                if (tp.IsPlain)
                {
                    hadPlain = true;
                    segments.Add(new TextSegment(location, SegmentRole.Authored, NormalizedText.From(tp.Text), headers));
                }
                else if (tp.IsHtml && !hadPlain)
                {
                    segments.Add(new TextSegment(location, SegmentRole.Authored, NormalizedText.From(Html(tp.Text)), headers));
                }
                continue;
            }
            if (name is null)
            {
                continue;
            }
            using var ms = new MemoryStream();
            p.Content!.DecodeTo(ms);
            var bytes = ms.ToArray();
            if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                var text = DecodeText(bytes);
                var rows = text.Split('\n').Select(r => string.Join('\t', Regex.Split(r.TrimEnd('\r'), ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)").Select(c => c.Trim('"'))));
                segments.Add(new TextSegment($"attachment:{name}", SegmentRole.Table, NormalizedText.From(string.Join('\n', rows))));
            }
            else if (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            {
                segments.Add(new TextSegment($"attachment:{name}", SegmentRole.Document, NormalizedText.From(DecodeText(bytes))));
            }
            else if (name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase))
            {
                var nested = MimeMessage.Load(new MemoryStream(bytes));
                Walk(nested, $"attachment:{name}/body", Headers(nested), segments, problems);
            }
            else if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ExtractionProblem($"attachment:{name}", "zip not read by the throwaway dump"));
            }
        }
    }

    private static string DecodeText(byte[] bytes)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (System.Text.DecoderFallbackException)
        {
            return System.Text.Encoding.GetEncoding("shift_jis").GetString(bytes);
        }
    }

    private static string Html(string html)
    {
        var t = Regex.Replace(html, @"<(br|/p|/div|/tr|/h\d|/li)[^>]*>", "\n", RegexOptions.IgnoreCase);
        t = Regex.Replace(t, @"<(style|script)[^>]*>.*?</\1>", "", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        t = Regex.Replace(t, @"<[^>]+>", "");
        return WebUtility.HtmlDecode(t);
    }
}
