using System.Text.RegularExpressions;
using MimeKit;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Reads the header block under a forward or reply separator (Outlook EN/JA, Gmail, Thunderbird, Apple Mail):
/// "From:/差出人:", "Sent:/Date:/送信日時:", "To:/宛先:", "Cc:", "Subject:/件名:", with display names and addresses.
/// </summary>
internal static partial class ForwardHeaderParser
{
    private enum Key { Other, From, To, Cc, Date, Subject }

    private static readonly Dictionary<string, Key> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["from"] = Key.From, ["差出人"] = Key.From, ["送信者"] = Key.From, ["von"] = Key.From, ["de"] = Key.From,
        ["to"] = Key.To, ["宛先"] = Key.To, ["an"] = Key.To, ["à"] = Key.To,
        ["cc"] = Key.Cc, ["c.c."] = Key.Cc, ["kopie"] = Key.Cc, ["bcc"] = Key.Cc,
        ["date"] = Key.Date, ["sent"] = Key.Date, ["送信日時"] = Key.Date, ["日付"] = Key.Date, ["日時"] = Key.Date,
        ["gesendet"] = Key.Date, ["envoyé"] = Key.Date,
        ["subject"] = Key.Subject, ["件名"] = Key.Subject, ["betreff"] = Key.Subject, ["objet"] = Key.Subject,
        ["reply-to"] = Key.Other, ["importance"] = Key.Other, ["重要度"] = Key.Other, ["attachments"] = Key.Other,
        ["添付ファイル"] = Key.Other, ["添付"] = Key.Other,
    };

    [GeneratedRegex(@"^[\s>*]*(?<key>[A-Za-z][A-Za-z.\-]{0,12}|[\p{IsCJKUnifiedIdeographs}\p{IsHiragana}\p{IsKatakana}]{1,6})\*?\s*[:：]\*?\s*(?<value>.*)$")]
    private static partial Regex HeaderLine();

    // The timeout is a backstop for hostile lines; callers keep the input short.
    [GeneratedRegex(@"[^\s<>""'\[\]():;,]+@[^\s<>""'\[\]():;,]+\.[^\s<>""'\[\]():;,]+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    public static partial Regex Email();

    [GeneratedRegex(@"\[mailto:(?<a>[^\]]+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex OutlookMailto();

    /// <summary>True when the line is "From: ..." or "差出人: ..." (the first line of a bare Outlook header block).</summary>
    public static bool IsFromLine(string line) => TryKey(line, out var key, out _) && key == Key.From;

    /// <summary>True when <paramref name="line"/> is one of the known header lines.</summary>
    public static bool IsHeaderLine(string line) => TryKey(line, out _, out _);

    /// <summary>
    /// Reads header lines from <paramref name="start"/>, skipping blank lines before them. Returns the index of the
    /// first body line; <paramref name="count"/> is how many known headers were read.
    /// </summary>
    public static int Read(IReadOnlyList<string> lines, int start, out HeaderBlock block, out string text, out int count) =>
        Read(lines, start, parse: true, out block, out text, out count);

    /// <summary>How many known header lines start at <paramref name="start"/>, and whether a Date or Subject is among them.</summary>
    public static int Count(IReadOnlyList<string> lines, int start, out bool hasDateOrSubject)
    {
        Read(lines, start, parse: false, out var block, out _, out var count);
        hasDateOrSubject = block.Date is not null || block.Subject is not null;
        return count;
    }

    private static int Read(IReadOnlyList<string> lines, int start, bool parse, out HeaderBlock block, out string text, out int count)
    {
        var from = new List<MailboxRef>();
        var to = new List<MailboxRef>();
        var cc = new List<MailboxRef>();
        string? date = null, subject = null;
        var taken = new List<string>();
        count = 0;
        var i = start;
        while (i < lines.Count && string.IsNullOrWhiteSpace(lines[i]) && i - start < 3)
        {
            i++;
        }
        var last = Key.Other;
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                i++;
                break;
            }
            if (TryKey(line, out var key, out var value))
            {
                count++;
                last = key;
                taken.Add(line.Trim());
                switch (key)
                {
                    case Key.From when parse: from.AddRange(Mailboxes(value)); break;
                    case Key.To when parse: to.AddRange(Mailboxes(value)); break;
                    case Key.Cc when parse: cc.AddRange(Mailboxes(value)); break;
                    case Key.Date: date ??= value.Trim(); break;
                    case Key.Subject: subject ??= value.Trim(); break;
                }
                continue;
            }
            // Long To/Cc lists wrap onto the next line without a key.
            if (count > 0 && last is Key.To or Key.Cc or Key.From && line.Length <= 2000
                && (char.IsWhiteSpace(line[0]) || (line.Contains('@') && Email().IsMatch(line))))
            {
                taken.Add(line.Trim());
                if (parse)
                {
                    (last == Key.From ? from : last == Key.To ? to : cc).AddRange(Mailboxes(line));
                }
                continue;
            }
            break;
        }
        block = new HeaderBlock(from, to, cc, date, subject);
        text = string.Join('\n', taken);
        return i;
    }

    /// <summary>Mailboxes in a header value: "A <a@x>; B [mailto:b@x]", "a@x, b@x", or a bare name.</summary>
    public static List<MailboxRef> Mailboxes(string value)
    {
        var result = new List<MailboxRef>();
        value = OutlookMailto().Replace(value, "<${a}>").Replace('＜', '<').Replace('＞', '>').Trim().Trim('*').Trim();
        foreach (var piece in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (InternetAddressList.TryParse(piece, out var list) && list.Mailboxes.Any())
            {
                result.AddRange(list.Mailboxes.Select(m => new MailboxRef(
                    string.IsNullOrWhiteSpace(m.Name) ? null : m.Name.Trim(), m.Address)));
                continue;
            }
            var email = Email().Match(piece);
            var name = (email.Success ? piece.Remove(email.Index, email.Length) : piece).Trim(' ', '<', '>', '"', '\'', ',', '\u3000');
            result.Add(new MailboxRef(name.Length == 0 ? null : name, email.Success ? email.Value : null));
        }
        return result;
    }

    private static bool TryKey(string line, out Key key, out string value)
    {
        key = Key.Other;
        value = string.Empty;
        // Every header line has its colon; most body lines have none.
        if (line.Length > 2000 || line.AsSpan().IndexOfAny(':', '：') < 0)
        {
            return false;
        }
        var match = HeaderLine().Match(line);
        if (!match.Success || !Keys.TryGetValue(match.Groups["key"].Value, out key))
        {
            return false;
        }
        value = match.Groups["value"].Value;
        return true;
    }
}
