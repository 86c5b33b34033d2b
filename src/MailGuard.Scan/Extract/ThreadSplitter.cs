using System.Buffers;
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
        // Lines are ranges of the text, never strings of their own: a string a line was most of what a body cost.
        // A line ends before "\r\n" as before "\n", so a MIME body is not first copied to drop its CRs.
        var count = text.AsSpan().Count('\n') + 1;
        var lines = ArrayRental.Rent<TextLine>(count);
        try
        {
            var start = 0;
            for (var k = 0; k < count; k++)
            {
                var newline = text.IndexOf('\n', start);
                var end = newline < 0 ? text.Length : newline;
                var lineEnd = newline >= 0 && end > start && text[end - 1] == '\r' ? end - 1 : end;
                lines[k] = new TextLine(text, start, lineEnd - start);
                start = end + 1;
            }
            Split(session, lines.AsSpan(0, count), location, SegmentRole.Authored, null, IsForward(subject), 0);
        }
        finally
        {
            // The pool must not keep a message's text alive.
            ArrayRental.Return(lines, clearArray: true);
        }
    }

    private static bool IsForward(string? subject) => subject is not null && ForwardSubject().IsMatch(subject.TrimStart());

    /// <summary>
    /// Splits <paramref name="lines"/>. Quoted runs are unquoted in place: once a run is handed to its own section,
    /// no level above reads those lines again.
    /// </summary>
    private static void Split(ExtractionSession session, Span<TextLine> lines, string location, SegmentRole role,
        HeaderBlock? headers, bool forwardedMessage, int depth)
    {
        // The lines not yet in a section are always one run, from here to the current line.
        var pending = 0;
        int forwarded = 0, quoted = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            session.Token.ThrowIfCancellationRequested();
            var line = lines[i].Span;
            var separator = SeparatorOf(lines, i, out var headerStart);
            if (separator != Separator.None && depth < session.Options.MaxMimeDepth)
            {
                var bodyStart = ForwardHeaderParser.Read(lines, headerStart, out var block, out var headerText, out _);
                var kind = separator == Separator.Forward || forwardedMessage ? SegmentRole.Forwarded : SegmentRole.Quoted;
                var sectionLocation = kind == SegmentRole.Forwarded
                    ? $"{location}/forwarded[{++forwarded}]"
                    : $"{location}/quoted[{++quoted}]";
                Flush(session, lines[pending..i], location, role, headers);
                var lead = headerStart > i ? string.Concat(line.Trim(), "\n") : string.Empty;
                session.Add(sectionLocation, SegmentRole.Headers, lead + headerText, block);
                Split(session, lines[bodyStart..], sectionLocation, kind, block, IsForward(block.Subject), depth + 1);
                return;
            }
            if (depth < session.Options.MaxMimeDepth && IsAttribution(lines, i, out var attributionEnd))
            {
                var attribution = JoinAttribution(lines[i..attributionEnd]);
                var block = Attribution(attribution);
                var sectionLocation = $"{location}/quoted[{++quoted}]";
                var next = attributionEnd;
                while (next < lines.Length && lines[next].Span.IsWhiteSpace())
                {
                    next++;
                }
                Flush(session, lines[pending..i], location, role, headers);
                session.Add(sectionLocation, SegmentRole.Headers, attribution, block);
                if (next < lines.Length && IsQuote(lines[next].Span))
                {
                    var end = QuoteRunEnd(lines, next);
                    Split(session, Unquote(lines[next..end]), sectionLocation, SegmentRole.Quoted, block, IsForward(block.Subject), depth + 1);
                    i = end - 1;
                    pending = end;
                    continue;
                }
                // Top-posted replies quote without "> ": everything below the attribution is the old message.
                Split(session, lines[next..], sectionLocation, SegmentRole.Quoted, block, false, depth + 1);
                return;
            }
            if (IsQuote(line) && depth < session.Options.MaxMimeDepth)
            {
                var end = QuoteRunEnd(lines, i);
                Flush(session, lines[pending..i], location, role, headers);
                Split(session, Unquote(lines[i..end]), $"{location}/quoted[{++quoted}]", SegmentRole.Quoted, HeaderBlock.Empty, false, depth + 1);
                i = end - 1;
                pending = end;
            }
        }
        Flush(session, lines[pending..], location, role, headers);
    }

    private static Separator SeparatorOf(ReadOnlySpan<TextLine> lines, int i, out int headerStart)
    {
        var line = lines[i].Span;
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

    private static bool MayLeadForward(ReadOnlySpan<char> line) =>
        line.Contains("forwarded", StringComparison.OrdinalIgnoreCase) || line.Contains("転送", StringComparison.Ordinal);

    // Attributions end with a colon ("... wrote:", "...書きました：").
    private static bool EndsWithColon(ReadOnlySpan<char> line) => line.TrimEnd() is [.., ':' or '：'];

    private static bool IsHeaderBlockAt(ReadOnlySpan<TextLine> lines, int i)
    {
        if (!ForwardHeaderParser.IsFromLine(lines[i].Span))
        {
            return false;
        }
        var count = ForwardHeaderParser.Count(lines, i, out var hasDateOrSubject);
        return count >= 3 || (count >= 2 && hasDateOrSubject);
    }

    private static int NextNonBlank(ReadOnlySpan<TextLine> lines, int i)
    {
        for (; i < lines.Length && i < lines.Length + 3; i++)
        {
            if (!lines[i].Span.IsWhiteSpace())
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsAttribution(ReadOnlySpan<TextLine> lines, int i, out int end)
    {
        end = i + 1;
        var line = lines[i].Span;
        if (line.Length > 400 || IsQuote(line))
        {
            return false;
        }
        if (EndsWithColon(line) && (AttributionEnd().IsMatch(line) || JapaneseAttribution().IsMatch(line)))
        {
            return true;
        }
        // Gmail wraps long attributions: "On Wed, ... Name <" / "addr> wrote:".
        if (MayStartAttribution(line) && AttributionStart().IsMatch(line))
        {
            for (var j = i + 1; j < lines.Length && j <= i + 2; j++)
            {
                var wrapped = lines[j].Span;
                if (wrapped.IsWhiteSpace() || IsQuote(wrapped) || wrapped.Length > 400)
                {
                    return false;
                }
                if (EndsWithColon(wrapped) && AttributionEnd().IsMatch(wrapped))
                {
                    end = j + 1;
                    return true;
                }
            }
        }
        return false;
    }

    // What AttributionStart needs first on the line (its \s is char.IsWhiteSpace, and "On", "Am" and "Le" have no other
    // case forms): nearly every line fails on its first letter without a regex run.
    private static bool MayStartAttribution(ReadOnlySpan<char> line) => line.TrimStart() is ['o' or 'O' or 'a' or 'A' or 'l' or 'L', ..];

    /// <summary>The attribution's lines, each trimmed, joined by spaces.</summary>
    private static string JoinAttribution(ReadOnlySpan<TextLine> lines)
    {
        var text = new StringBuilder();
        for (var k = 0; k < lines.Length; k++)
        {
            text.Append(k == 0 ? string.Empty : " ").Append(lines[k].Span.Trim());
        }
        return text.ToString();
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

    private static bool IsQuote(ReadOnlySpan<char> line) =>
        line.Length > 0 && (line[0] == '>' || line[0] == '＞' || (line[0] == ' ' && line.TrimStart() is ['>', ..]));

    private static int QuoteRunEnd(ReadOnlySpan<TextLine> lines, int start)
    {
        var end = start;
        for (var j = start; j < lines.Length; j++)
        {
            var line = lines[j].Span;
            if (IsQuote(line))
            {
                end = j + 1;
            }
            else if (!line.IsWhiteSpace())
            {
                break;
            }
        }
        return end;
    }

    private static Span<TextLine> Unquote(Span<TextLine> lines)
    {
        for (var j = 0; j < lines.Length; j++)
        {
            var line = lines[j];
            var span = line.Span;
            var skip = span.Length - span.TrimStart(' ').Length;
            if (skip < span.Length && span[skip] is '>' or '＞')
            {
                skip += skip + 1 < span.Length && span[skip + 1] == ' ' ? 2 : 1;
            }
            lines[j] = line.Skip(skip);
        }
        return lines;
    }

    /// <summary>
    /// Adds <paramref name="lines"/> as one section, without the blank lines before and after it: the text is made
    /// once, and when the lines are one stretch of the body (nothing unquoted, no CRs dropped) it is one substring of it.
    /// </summary>
    private static void Flush(ExtractionSession session, ReadOnlySpan<TextLine> lines, string location, SegmentRole role, HeaderBlock? headers)
    {
        var first = 0;
        while (first < lines.Length && lines[first].Length == 0)
        {
            first++;
        }
        // The session trims the end of every text; trimming here spares it a second copy.
        var last = lines.Length - 1;
        while (last >= first && lines[last].Span.IsWhiteSpace())
        {
            last--;
        }
        if (last < first)
        {
            return;
        }
        lines = lines[first..(last + 1)];
        var lastLength = lines[^1].Span.TrimEnd().Length;
        var contiguous = true;
        var length = lastLength;
        for (var k = 0; k < lines.Length - 1; k++)
        {
            contiguous &= lines[k + 1].Follows(lines[k]);
            length += lines[k].Length + 1;
        }
        string text;
        if (contiguous)
        {
            text = lines[0].Text.Substring(lines[0].Start, length);
        }
        else
        {
            var chars = ArrayRental.Rent<char>(length);
            var at = 0;
            for (var k = 0; k < lines.Length - 1; k++)
            {
                lines[k].Span.CopyTo(chars.AsSpan(at));
                at += lines[k].Length;
                chars[at++] = '\n';
            }
            lines[^1].Span[..lastLength].CopyTo(chars.AsSpan(at));
            text = new string(chars, 0, length);
            chars.AsSpan(0, length).Clear();
            ArrayRental.Return(chars);
        }
        session.Add(location, role, text, headers);
    }
}
