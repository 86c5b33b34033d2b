using System.Text;
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

    // The timeout is a backstop for hostile lines; callers keep the input short.
    [GeneratedRegex(@"[^\s<>""'\[\]():;,]+@[^\s<>""'\[\]():;,]+\.[^\s<>""'\[\]():;,]+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    public static partial Regex Email();

    [GeneratedRegex(@"\[mailto:(?<a>[^\]]+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex OutlookMailto();

    // Looked up by the key's span: a header line costs no key string.
    private static readonly Dictionary<string, Key>.AlternateLookup<ReadOnlySpan<char>> KeysBySpan = Keys.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when the line is "From: ..." or "差出人: ..." (the first line of a bare Outlook header block).</summary>
    public static bool IsFromLine(ReadOnlySpan<char> line) => TryKey(line, out var key, out _) && key == Key.From;

    /// <summary>
    /// Reads header lines from <paramref name="start"/>, skipping blank lines before them. Returns the index of the
    /// first body line; <paramref name="count"/> is how many known headers were read.
    /// </summary>
    public static int Read(ReadOnlySpan<TextLine> lines, int start, out HeaderBlock block, out string text, out int count)
    {
        var from = new List<MailboxRef>();
        var to = new List<MailboxRef>();
        var cc = new List<MailboxRef>();
        string? date = null, subject = null;
        var taken = new StringBuilder();
        var end = Scan(lines, start, out count, out _, (key, line, value) =>
        {
            taken.Append(taken.Length == 0 ? string.Empty : "\n").Append(line.Trim());
            switch (key)
            {
                case Key.From: from.AddRange(Mailboxes(value.ToString())); break;
                case Key.To: to.AddRange(Mailboxes(value.ToString())); break;
                case Key.Cc: cc.AddRange(Mailboxes(value.ToString())); break;
                case Key.Date: date ??= value.Trim().ToString(); break;
                case Key.Subject: subject ??= value.Trim().ToString(); break;
            }
        });
        block = new HeaderBlock(from, to, cc, date, subject);
        text = taken.ToString();
        return end;
    }

    /// <summary>How many known header lines start at <paramref name="start"/>, and whether a Date or Subject is among them.</summary>
    public static int Count(ReadOnlySpan<TextLine> lines, int start, out bool hasDateOrSubject)
    {
        Scan(lines, start, out var count, out hasDateOrSubject, null);
        return count;
    }

    /// <summary>A header line taken: its key, the line, and the value, or the whole line when it continues the previous header.</summary>
    private delegate void TakeLine(Key key, ReadOnlySpan<char> line, ReadOnlySpan<char> value);

    // Counting (every "From:" line of every body asks) takes nothing and so allocates nothing; only a block that is read parses.
    private static int Scan(ReadOnlySpan<TextLine> lines, int start, out int count, out bool hasDateOrSubject, TakeLine? take)
    {
        count = 0;
        hasDateOrSubject = false;
        var i = start;
        while (i < lines.Length && lines[i].Span.IsWhiteSpace() && i - start < 3)
        {
            i++;
        }
        var last = Key.Other;
        for (; i < lines.Length; i++)
        {
            var line = lines[i].Span;
            if (line.IsWhiteSpace())
            {
                i++;
                break;
            }
            if (TryKey(line, out var key, out var value))
            {
                count++;
                last = key;
                hasDateOrSubject |= key is Key.Date or Key.Subject;
                take?.Invoke(key, line, value);
                continue;
            }
            // Long To/Cc lists wrap onto the next line without a key.
            if (count > 0 && last is Key.To or Key.Cc or Key.From && line.Length <= 2000
                && (char.IsWhiteSpace(line[0]) || (line.Contains('@') && Email().IsMatch(line))))
            {
                take?.Invoke(last, line, line);
                continue;
            }
            break;
        }
        return i;
    }

    /// <summary>Mailboxes in a header value: "A <a@x>; B [mailto:b@x]", "a@x, b@x", or a bare name.</summary>
    public static List<MailboxRef> Mailboxes(string value)
    {
        var result = new List<MailboxRef>();
        // Only Outlook writes "[mailto:"; the pattern need not scan every other value.
        if (value.Contains("[mailto:", StringComparison.OrdinalIgnoreCase))
        {
            value = OutlookMailto().Replace(value, "<${a}>");
        }
        value = value.Replace('＜', '<').Replace('＞', '>').Trim().Trim('*').Trim();
        foreach (var piece in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (InternetAddressList.TryParse(piece, out var list) && AddMailboxes(result, list) > 0)
            {
                continue;
            }
            var email = Email().Match(piece);
            var name = (email.Success ? piece.Remove(email.Index, email.Length) : piece).Trim(' ', '<', '>', '"', '\'', ',', '\u3000');
            result.Add(new MailboxRef(name.Length == 0 ? null : name, email.Success ? email.Value : null));
        }
        return result;
    }

    /// <summary>
    /// Adds the mailboxes of <paramref name="list"/>, group members in their place, as <see cref="InternetAddressList.Mailboxes"/>
    /// lists them; returns how many. A plain loop: the iterator through LINQ was a quarter of what parsing a forward's
    /// addresses cost.
    /// </summary>
    private static int AddMailboxes(List<MailboxRef> result, InternetAddressList list)
    {
        var added = 0;
        for (var i = 0; i < list.Count; i++)
        {
            switch (list[i])
            {
                case MailboxAddress mailbox:
                    result.Add(new MailboxRef(string.IsNullOrWhiteSpace(mailbox.Name) ? null : mailbox.Name.Trim(), mailbox.Address));
                    added++;
                    break;
                case GroupAddress group:
                    added += AddMailboxes(result, group.Members);
                    break;
            }
        }
        return added;
    }

    /// <summary>
    /// A header line: optional quote marks and bold markers, a key of up to 13 ASCII letters (with '.' and '-' after
    /// the first) or up to six kanji and kana, an optional '*', a colon (ASCII or full-width), the value.
    /// </summary>
    private static bool TryKey(ReadOnlySpan<char> line, out Key key, out ReadOnlySpan<char> value)
    {
        key = Key.Other;
        value = default;
        // Every header line has its colon; most body lines have none.
        if (line.Length > 2000 || line.IndexOfAny(':', '：') < 0)
        {
            return false;
        }
        var i = 0;
        while (i < line.Length && (char.IsWhiteSpace(line[i]) || line[i] is '>' or '*'))
        {
            i++;
        }
        var keyStart = i;
        if (i < line.Length && char.IsAsciiLetter(line[i]))
        {
            i++;
            while (i < line.Length && i - keyStart < 13 && (char.IsAsciiLetter(line[i]) || line[i] is '.' or '-'))
            {
                i++;
            }
        }
        else
        {
            while (i < line.Length && i - keyStart < 6 && IsKanjiOrKana(line[i]))
            {
                i++;
            }
        }
        var keyEnd = i;
        if (keyEnd == keyStart)
        {
            return false;
        }
        if (i < line.Length && line[i] == '*')
        {
            i++;
        }
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }
        if (i == line.Length || line[i] is not (':' or '：'))
        {
            return false;
        }
        i++;
        if (i < line.Length && line[i] == '*')
        {
            i++;
        }
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }
        if (!KeysBySpan.TryGetValue(line[keyStart..keyEnd], out key))
        {
            return false;
        }
        value = line[i..];
        return true;
    }

    // The CJK Unified Ideographs, Hiragana and Katakana blocks.
    private static bool IsKanjiOrKana(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3040' and <= '\u30FF');
}
