using System.Text;
using System.Text.RegularExpressions;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Splits a body into what its sender wrote, quoted reply text and forwarded sections, each with its parsed
/// header block. A forward or an Outlook header block owns everything below it, so nested forwards nest:
/// <c>body/forwarded[1]/forwarded[1]</c>.
/// </summary>
internal static partial class ThreadSplitter
{
    private enum Separator { None, Forward, Original }

    [GeneratedRegex(@"^\s*-{2,}\s*(?:Forwarded message|Forwarded Message|転送されたメッセージ|転送メッセージ)\s*-{2,}\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardRule();

    [GeneratedRegex(@"^\s*(?:Begin forwarded message|転送されたメッセージ|以下のメッセージを転送します|Start of forwarded message)\s*[:：]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardLead();

    [GeneratedRegex(@"^\s*-{2,}\s*(?:Original Message|元のメッセージ|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalRule();

    [GeneratedRegex(@"^\s*_{10,}\s*$")]
    private static partial Regex UnderscoreRule();

    [GeneratedRegex(@"(?:\bwrote|書きました|schrieb|a écrit)\s*[:：]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AttributionEnd();

    [GeneratedRegex(@"^\s*(?:\d{4}\s*[年/\-.]\s*\d{1,2}\s*[月/\-.]\s*\d{1,2}\s*日?.*\d{1,2}:\d{2}.*(?:<[^>]+@[^>]+>|@\S+)\s*[:：]\s*$)")]
    private static partial Regex JapaneseAttribution();

    [GeneratedRegex(@"^\s*(?:On|Am|Le)\s", RegexOptions.IgnoreCase)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*\([^)]*\))?\s*,?\s*(?:に\s*)?")]
    private static partial Regex Time();

    [GeneratedRegex(@"^(?:fwd?|fw|転送|tr|wg)\s*[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardSubject();

    /// <summary>Adds the sections of <paramref name="text"/> to <paramref name="session"/> under <paramref name="location"/>.</summary>
    public static void Split(ExtractionSession session, string location, string text, string? subject)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        Split(session, lines, location, SegmentRole.Authored, null, IsForward(subject), 0);
    }

    private static bool IsForward(string? subject) => subject is not null && ForwardSubject().IsMatch(subject.TrimStart());

    private static void Split(ExtractionSession session, IReadOnlyList<string> lines, string location, SegmentRole role,
        HeaderBlock? headers, bool forwardedMessage, int depth)
    {
        var buffer = new StringBuilder();
        int forwarded = 0, quoted = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            session.Token.ThrowIfCancellationRequested();
            var line = lines[i];
            var separator = SeparatorOf(lines, i, out var headerStart);
            if (separator != Separator.None && depth < session.Options.MaxMimeDepth)
            {
                var bodyStart = ForwardHeaderParser.Read(lines, headerStart, out var block, out var headerText, out _);
                var kind = separator == Separator.Forward || forwardedMessage ? SegmentRole.Forwarded : SegmentRole.Quoted;
                var sectionLocation = kind == SegmentRole.Forwarded
                    ? $"{location}/forwarded[{++forwarded}]"
                    : $"{location}/quoted[{++quoted}]";
                Flush(session, buffer, location, role, headers);
                var lead = headerStart > i ? line.Trim() + "\n" : string.Empty;
                session.Add(sectionLocation, SegmentRole.Headers, lead + headerText, block);
                Split(session, Slice(lines, bodyStart, lines.Count), sectionLocation, kind, block, IsForward(block.Subject), depth + 1);
                return;
            }
            if (depth < session.Options.MaxMimeDepth && IsAttribution(lines, i, out var attributionEnd))
            {
                var attribution = string.Join(' ', Slice(lines, i, attributionEnd).Select(l => l.Trim()));
                var block = Attribution(attribution);
                var sectionLocation = $"{location}/quoted[{++quoted}]";
                var next = attributionEnd;
                while (next < lines.Count && string.IsNullOrWhiteSpace(lines[next]))
                {
                    next++;
                }
                Flush(session, buffer, location, role, headers);
                session.Add(sectionLocation, SegmentRole.Headers, attribution, block);
                if (next < lines.Count && IsQuote(lines[next]))
                {
                    var end = QuoteRunEnd(lines, next);
                    Split(session, Unquote(lines, next, end), sectionLocation, SegmentRole.Quoted, block, IsForward(block.Subject), depth + 1);
                    i = end - 1;
                    continue;
                }
                // Top-posted replies quote without "> ": everything below the attribution is the old message.
                Split(session, Slice(lines, next, lines.Count), sectionLocation, SegmentRole.Quoted, block, false, depth + 1);
                return;
            }
            if (IsQuote(line) && depth < session.Options.MaxMimeDepth)
            {
                var end = QuoteRunEnd(lines, i);
                Flush(session, buffer, location, role, headers);
                Split(session, Unquote(lines, i, end), $"{location}/quoted[{++quoted}]", SegmentRole.Quoted, HeaderBlock.Empty, false, depth + 1);
                i = end - 1;
                continue;
            }
            buffer.Append(line).Append('\n');
        }
        Flush(session, buffer, location, role, headers);
    }

    private static Separator SeparatorOf(IReadOnlyList<string> lines, int i, out int headerStart)
    {
        var line = lines[i];
        headerStart = i + 1;
        // Each pattern runs only on lines with the text it cannot match without: every line of every body comes here.
        var ruled = line.Contains("--", StringComparison.Ordinal);
        if ((ruled && ForwardRule().IsMatch(line)) || (MayLeadForward(line) && ForwardLead().IsMatch(line)))
        {
            return Separator.Forward;
        }
        if (ruled && OriginalRule().IsMatch(line))
        {
            return Separator.Original;
        }
        if (line.Contains("__________", StringComparison.Ordinal) && UnderscoreRule().IsMatch(line) && NextNonBlank(lines, i + 1) is var next and >= 0 && IsHeaderBlockAt(lines, next))
        {
            return Separator.Original;
        }
        // Outlook often writes the header block with no rule above it at all.
        if (IsHeaderBlockAt(lines, i))
        {
            headerStart = i;
            return Separator.Original;
        }
        return Separator.None;
    }

    private static bool MayLeadForward(string line) =>
        line.Contains("forwarded", StringComparison.OrdinalIgnoreCase) || line.Contains("転送", StringComparison.Ordinal);

    // Attributions end with a colon ("... wrote:", "...書きました：").
    private static bool EndsWithColon(string line) => line.AsSpan().TrimEnd() is [.., ':' or '：'];

    private static bool IsHeaderBlockAt(IReadOnlyList<string> lines, int i)
    {
        if (!ForwardHeaderParser.IsFromLine(lines[i]))
        {
            return false;
        }
        var count = ForwardHeaderParser.Count(lines, i, out var hasDateOrSubject);
        return count >= 3 || (count >= 2 && hasDateOrSubject);
    }

    private static int NextNonBlank(IReadOnlyList<string> lines, int i)
    {
        for (; i < lines.Count && i < lines.Count + 3; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsAttribution(IReadOnlyList<string> lines, int i, out int end)
    {
        end = i + 1;
        var line = lines[i];
        if (line.Length > 400 || IsQuote(line))
        {
            return false;
        }
        if (EndsWithColon(line) && (AttributionEnd().IsMatch(line) || JapaneseAttribution().IsMatch(line)))
        {
            return true;
        }
        // Gmail wraps long attributions: "On Wed, ... Name <" / "addr> wrote:".
        if (AttributionStart().IsMatch(line))
        {
            for (var j = i + 1; j < lines.Count && j <= i + 2; j++)
            {
                if (string.IsNullOrWhiteSpace(lines[j]) || IsQuote(lines[j]) || lines[j].Length > 400)
                {
                    return false;
                }
                if (EndsWithColon(lines[j]) && AttributionEnd().IsMatch(lines[j]))
                {
                    end = j + 1;
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>"On DATE, NAME &lt;addr&gt; wrote:" and its Japanese forms as a header block.</summary>
    private static HeaderBlock Attribution(string attribution)
    {
        var email = ForwardHeaderParser.Email().Match(attribution);
        var rest = AttributionEnd().Replace(attribution, string.Empty);
        rest = (email.Success ? rest.Replace(email.Value, " ", StringComparison.Ordinal) : rest).Replace("<", " ").Replace(">", " ");
        rest = rest.TrimEnd(' ', ':', '：', '"');
        string? date = null;
        var time = Time().Matches(rest).LastOrDefault();
        var name = rest;
        if (time is not null)
        {
            date = rest[..(time.Index + time.Length)].Trim().TrimEnd(',');
            name = rest[(time.Index + time.Length)..];
        }
        else if (rest.LastIndexOf(',') is var comma and > 0)
        {
            date = rest[..comma].Trim();
            name = rest[(comma + 1)..];
        }
        name = name.Trim().TrimEnd('は').Trim();
        if (name.EndsWith("さん", StringComparison.Ordinal))
        {
            name = name[..^2].Trim();
        }
        if (date is not null && AttributionStart().Match(date) is { Success: true } on)
        {
            date = date[on.Length..].Trim();
        }
        var from = name.Length > 0 || email.Success
            ? [new MailboxRef(name.Length > 0 ? name : null, email.Success ? email.Value : null)]
            : new List<MailboxRef>();
        return new HeaderBlock(from, [], [], date, null);
    }

    private static bool IsQuote(string line) => line.Length > 0 && (line[0] == '>' || line[0] == '＞' || (line[0] == ' ' && line.TrimStart().StartsWith('>')));

    private static int QuoteRunEnd(IReadOnlyList<string> lines, int start)
    {
        var end = start;
        for (var j = start; j < lines.Count; j++)
        {
            if (IsQuote(lines[j]))
            {
                end = j + 1;
            }
            else if (!string.IsNullOrWhiteSpace(lines[j]))
            {
                break;
            }
        }
        return end;
    }

    private static List<string> Unquote(IReadOnlyList<string> lines, int start, int end)
    {
        var result = new List<string>(end - start);
        for (var j = start; j < end; j++)
        {
            var line = lines[j].TrimStart(' ');
            if (line.Length > 0 && line[0] is '>' or '＞')
            {
                line = line.Length > 1 && line[1] == ' ' ? line[2..] : line[1..];
            }
            result.Add(line);
        }
        return result;
    }

    private static List<string> Slice(IReadOnlyList<string> lines, int start, int end)
    {
        var result = new List<string>(Math.Max(0, end - start));
        for (var j = start; j < end; j++)
        {
            result.Add(lines[j]);
        }
        return result;
    }

    private static void Flush(ExtractionSession session, StringBuilder buffer, string location, SegmentRole role, HeaderBlock? headers)
    {
        // Trimmed in the builder: ToString then Trim('\n') copied every section twice.
        var start = 0;
        while (start < buffer.Length && buffer[start] == '\n')
        {
            start++;
        }
        var end = buffer.Length;
        while (end > start && buffer[end - 1] == '\n')
        {
            end--;
        }
        session.Add(location, role, buffer.ToString(start, end - start), headers);
        buffer.Clear();
    }
}
