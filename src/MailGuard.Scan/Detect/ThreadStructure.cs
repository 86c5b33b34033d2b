using System.Buffers;
using System.Text.RegularExpressions;
using MailGuard.Scan.Extract;

namespace MailGuard.Scan.Detect;

/// <summary>What kind of line a line is for thread segmentation.</summary>
internal enum LineKind : byte
{
    Text,
    Blank,
    Rule,
    Header,
    Attribution,
}

/// <summary>A header field of a forward or quote block shown as text, with the mailboxes in its value.</summary>
internal sealed record HeaderLine(int LineIndex, bool IsFrom, int ValueStart, IReadOnlyList<MailboxSpan> Mailboxes);

/// <summary>
/// Thread segmentation inside one segment: forward header blocks (<c>From:/差出人:/宛先:</c> …), quote attributions
/// (<c>On … wrote:</c>, <c>… さんは書きました:</c>, <c>2025年5月13日(火) 16:05 加藤 恵 &lt;…&gt;:</c>), ruled lines, and for every
/// line the mailbox of the person who wrote it. Extraction may already have cut the thread into segments; this also
/// works when it did not, and inside a segment that still holds deeper quotes.
/// </summary>
internal sealed partial class ThreadStructure
{
    [GeneratedRegex(@"^\s*(?:\*\*)?(?<key>(?i:from|sender|to|cc|bcc|date|sent|subject|reply-to)|差出人|送信者|宛先|送信日時|日付|件名|ＣＣ)(?:\*\*)?\s*[:：]\s*(?<value>.*)$")]
    private static partial Regex HeaderField();

    // HeaderField's groups by number: a look-up by name goes through a table on every header line.
    private static readonly int HeaderKey = HeaderField().GroupNumberFromName("key");
    private static readonly int HeaderValue = HeaderField().GroupNumberFromName("value");

    [GeneratedRegex(@"(?:wrote|a écrit|schrieb|書きました|のメッセージ)\s*[:：]?\s*$|^\s*\d{4}[年/\-]\d{1,2}[月/\-]\d{1,2}.*<[^>]+@[^>]+>\s*[:：]\s*$|^On .{6,}<[^>]+@[^>]+>.*:\s*$")]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^\s*(?:--\s?|(?:[-=_━─＝~*#◆◇■□●○・+◇◆]\s*){3,}|[-_=━─＝]{2,}.{0,40}[-_=━─＝]{2,}|begin forwarded message:?|転送されたメッセージ.*|.{0,12}転送メッセージ.{0,12}|-+\s*original message\s*-+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Ruled();

    private readonly MailboxRef? _writer;
    private readonly MailboxRef?[]? _writers;

    private ThreadStructure(List<Line> lines, LineKind[] kinds, MailboxRef? writer, MailboxRef?[]? writers, List<HeaderLine> headers)
    {
        Lines = lines;
        Kinds = kinds;
        _writer = writer;
        _writers = writers;
        HeaderLines = headers;
    }

    public List<Line> Lines { get; }

    public LineKind[] Kinds { get; }

    /// <summary>The mailbox of the writer of line <paramref name="index"/> when known.</summary>
    public MailboxRef? WriterOf(int index) => _writers is null ? DefaultWriter(Lines[index], _writer) : _writers[index];

    // Until the first header or attribution the segment's writer wrote depth 0 and deeper lines have none; a segment
    // with neither (most) keeps no array of writers.
    private static MailboxRef? DefaultWriter(Line line, MailboxRef? writer) => line.Depth == 0 ? writer : null;

    /// <summary>Every header field line with its mailboxes (From, To, Cc of forwarded and quoted mail).</summary>
    public List<HeaderLine> HeaderLines { get; }

    /// <summary>Analyses <paramref name="text"/>; <paramref name="writer"/> wrote what is not under another header.</summary>
    public static ThreadStructure Analyse(string text, MailboxRef? writer)
    {
        var lines = SegmentLines.Split(text);
        var kinds = new LineKind[lines.Count];
        MailboxRef?[]? writers = null;
        var headers = NoHeaders;
        // The writer of each quote depth, made on the first header or attribution: until then depth 0 is the
        // segment's writer and deeper lines have none, and most segments have neither.
        MailboxRef?[]? byDepth = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.IsBlank)
            {
                kinds[i] = LineKind.Blank;
            }
            else if (TryHeaderBlock(lines, i, out var block))
            {
                foreach (var h in block)
                {
                    kinds[h.LineIndex] = LineKind.Header;
                    AddHeader(ref headers, h);
                }
                var from = FirstFrom(block);
                SetWriter(ref byDepth, writer, line.Depth, from);
                writers ??= DefaultWriters(lines, writer, i);
                var last = block[^1].LineIndex;
                for (var j = i; j <= last; j++)
                {
                    writers[j] = from;
                }
                i = last;
                continue;
            }
            else if (line.Content.Length < 220 && MayBeAttribution(line.Content) && Attribution().IsMatch(line.Content))
            {
                kinds[i] = LineKind.Attribution;
                var tailStart = AttributionTailStart(line.Content);
                var mailboxes = MailboxText.Parse(line.Content[tailStart..]);
                if (mailboxes.Count == 0 && ThunderbirdJa().Match(line.Content) is { Success: true } ja && PersonNameRecognizer.IsName(ja.Groups["name"].Value))
                {
                    var name = ja.Groups["name"];
                    tailStart = 0;
                    mailboxes = [new MailboxSpan(new MailboxRef(name.Value, null), name.Index, name.Length, 0, 0)];
                }
                if (mailboxes.Count > 0)
                {
                    AddHeader(ref headers, new HeaderLine(i, true, tailStart, mailboxes));
                }
                SetWriter(ref byDepth, writer, line.Depth + 1, mailboxes.Count > 0 ? mailboxes[0].Mailbox : null);
            }
            else if (MayBeRule(line.Content) && (IsRuleCharacters(line.Content) || Ruled().IsMatch(line.Content)))
            {
                kinds[i] = LineKind.Rule;
            }
            if (byDepth is not null)
            {
                writers ??= DefaultWriters(lines, writer, i);
                writers[i] = line.Depth < byDepth.Length ? byDepth[line.Depth] : null;
            }
        }
        return new ThreadStructure(lines, kinds, writer, writers, headers);
    }

    // The writers of all lines, those before the first header or attribution (before) as their default.
    private static MailboxRef?[] DefaultWriters(List<Line> lines, MailboxRef? writer, int before)
    {
        var writers = new MailboxRef?[lines.Count];
        for (var i = 0; i < before; i++)
        {
            writers[i] = DefaultWriter(lines[i], writer);
        }
        return writers;
    }

    // The list of header lines is made with the first: most segments have none.
    private static void AddHeader(ref List<HeaderLine> headers, HeaderLine header)
    {
        if (ReferenceEquals(headers, NoHeaders))
        {
            headers = [];
        }
        headers.Add(header);
    }

    // A new writer at a depth ends every deeper one: they were quoted by the writer before.
    private static void SetWriter(ref MailboxRef?[]? byDepth, MailboxRef? writer, int depth, MailboxRef? mailbox)
    {
        if (byDepth is null)
        {
            byDepth = new MailboxRef?[Math.Max(4, depth + 1)];
            byDepth[0] = writer;
        }
        else if (depth >= byDepth.Length)
        {
            Array.Resize(ref byDepth, Math.Max(byDepth.Length * 2, depth + 1));
        }
        Array.Clear(byDepth, depth + 1, byDepth.Length - depth - 1);
        byDepth[depth] = mailbox;
    }

    private static MailboxRef? FirstFrom(List<HeaderLine> block)
    {
        foreach (var h in block)
        {
            if (h.IsFrom)
            {
                return h.Mailboxes.Count > 0 ? h.Mailboxes[0].Mailbox : null;
            }
        }
        return null;
    }

    // A header block: two or more consecutive header fields, one of them From (or a lone From with an address).
    private static bool TryHeaderBlock(List<Line> lines, int index, out List<HeaderLine> block)
    {
        if (lines[index].Content.AsSpan().IndexOfAny(':', '：') < 0 || !MayBeHeaderField(lines[index].Content))
        {
            block = NoHeaders;
            return false;
        }
        block = NoHeaders;
        var depth = lines[index].Depth;
        var hasFrom = false;
        for (var j = index; j < lines.Count && lines[j].Depth == depth; j++)
        {
            var m = HeaderField().Match(lines[j].Content);
            if (!m.Success)
            {
                break;
            }
            if (ReferenceEquals(block, NoHeaders))
            {
                // Made for a line that is a header field: most lines with a colon that start like one are not.
                block = [];
            }
            var (isFrom, carriesMailboxes) = KeyKind(m.Groups[HeaderKey].ValueSpan);
            var value = m.Groups[HeaderValue];
            block.Add(new HeaderLine(j, isFrom, value.Index, carriesMailboxes ? MailboxText.Parse(value.Value) : []));
            hasFrom |= isFrom;
        }
        if (hasFrom && (block.Count >= 2 || block[0].Mailboxes.Any(mb => mb.Mailbox.Address is not null)))
        {
            return true;
        }
        block = NoHeaders;
        return false;
    }

    // Whether a header field's key names the writer, and whether its value holds mailboxes. Keys are compared as
    // their lower-case form; an ASCII key (nearly all) without making that form.
    private static (bool IsFrom, bool CarriesMailboxes) KeyKind(ReadOnlySpan<char> key)
    {
        if (!System.Text.Ascii.IsValid(key))
        {
            // The pattern's keys that are not ASCII are its Japanese ones and "ＣＣ", all matched as written (an
            // ASCII key with "ſ" or the Kelvin sign in it lowers to none of these).
            var from = key is "差出人" or "送信者";
            return (from, from || key is "宛先" or "ＣＣ");
        }
        var isFrom = key.Equals("from", StringComparison.OrdinalIgnoreCase) || key.Equals("sender", StringComparison.OrdinalIgnoreCase);
        return (isFrom, isFrom || key.Equals("to", StringComparison.OrdinalIgnoreCase) || key.Equals("cc", StringComparison.OrdinalIgnoreCase)
            || key.Equals("bcc", StringComparison.OrdinalIgnoreCase) || key.Equals("reply-to", StringComparison.OrdinalIgnoreCase));
    }

    // The patterns above run on every line of a text; each of their forms needs a word or character most lines lack.
    // A header field starts (after white space) with "**" or its key: from, sender, to, cc, bcc, date, sent, subject,
    // reply-to in any case (ſ folds to s), 差出人, 送信者, 送信日時, 宛先, 日付, 件名, ＣＣ.
    private static readonly SearchValues<char> HeaderFieldStarts = SearchValues.Create("*fFsStTcCbBdDrRſ差送宛日件Ｃ");

    // Nothing but the key, "**" and white space comes before the field's colon, which is the line's first ':' or '：'
    // (no key has one, nor white space): a line with longer text before its first colon is prose ("Subject to change: ...").
    private const int LongestKeyWithMarks = 12;

    private static bool MayBeHeaderField(string content)
    {
        var text = content.AsSpan().TrimStart();
        return text.Length > 0 && HeaderFieldStarts.Contains(text[0])
            && text.IndexOfAny(':', '：') is var colon and >= 0 && text[..colon].TrimEnd().Length <= LongestKeyWithMarks;
    }

    private static readonly List<HeaderLine> NoHeaders = [];

    private static readonly SearchValues<char> RuleCharacters = SearchValues.Create("-=_━─＝~*#◆◇■□●○・+");

    // Attribution: a colon at the end and an address (the date form and the "On ..." form have "<...@...>" and end
    // with their colon; a line with an address, a signature's, mostly does not), or, for the other form, one of
    // "wrote" and its translations at the end of the line, before an optional colon. The end is looked at, not the
    // whole line searched for each word.
    private static bool MayBeAttribution(string content)
    {
        var end = content.AsSpan().TrimEnd();
        if (end.Length > 0 && end[^1] is ':' or '：')
        {
            if (content.Contains('@'))
            {
                return true;
            }
            end = end[..^1].TrimEnd();
        }
        return end.EndsWith("wrote", StringComparison.Ordinal) || end.EndsWith("a écrit", StringComparison.Ordinal)
            || end.EndsWith("schrieb", StringComparison.Ordinal) || end.EndsWith("書きました", StringComparison.Ordinal)
            || end.EndsWith("のメッセージ", StringComparison.Ordinal);
    }

    // Ruled: every form but one starts (after white space) with a rule character or the "b" of "begin forwarded
    // message"; the other has 転送メッセージ. A line with a dash inside (a phone number, a date) is no rule. A rule
    // has a second rule character next (white space between aside); the forms that do not are "- original
    // message -" and "begin forwarded message", which a bullet ("- item", "・項目") or a line starting with "b" has not.
    private static bool MayBeRule(string content)
    {
        if (content.Contains('転'))
        {
            return true;
        }
        var text = content.AsSpan().TrimStart();
        if (text.IsEmpty)
        {
            return false;
        }
        if (text[0] is 'b' or 'B')
        {
            return text.Contains("orwarded", StringComparison.OrdinalIgnoreCase);
        }
        if (!RuleCharacters.Contains(text[0]))
        {
            return false;
        }
        var next = text[1..].TrimStart();
        return next.Length > 0 && RuleCharacters.Contains(next[0]) || text[0] == '-' && text.Contains("nal", StringComparison.OrdinalIgnoreCase);
    }

    // The commonest rule ("━━━━", "-----", "◆◇◆◇") is only rule characters, three or more, white space between:
    // that form of the pattern, read without running it.
    private static bool IsRuleCharacters(string content)
    {
        var rules = 0;
        foreach (var c in content)
        {
            if (RuleCharacters.Contains(c))
            {
                rules++;
            }
            else if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return rules >= 3;
    }

    // "On Wed, May 14, 2025 at 2:02 AM Oliver Grant <oliver@…> wrote:": the display name is the last words before "<".
    private static int AttributionTailStart(string content)
    {
        var lt = content.LastIndexOf('<');
        if (lt < 0)
        {
            return 0;
        }
        var before = content[..lt].TrimEnd();
        var tokens = Token().Matches(before);
        for (var k = Math.Min(3, tokens.Count); k >= 1; k--)
        {
            var first = tokens[tokens.Count - k];
            if (PersonNameRecognizer.IsName(before[first.Index..]))
            {
                return first.Index;
            }
        }
        return lt;
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex Token();

    [GeneratedRegex(@"に\s*(?<name>.+?)\s*さん(?:は|が)書きました")]
    private static partial Regex ThunderbirdJa();
}
