using System.Buffers;
using System.Reflection;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using MimeKit.Text;
using MimeKit.Tnef;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Walks a parsed message: headers, body texts, nested messages and attachments, each read inside its own
/// time box so one bad part becomes a problem while the rest still extracts. Also undoes the structural
/// tricks a lenient parser falls for (base64-encoded multiparts and messages, duplicate Content-Type).
/// </summary>
internal sealed class MimeWalker
{
    // MimeKit records a missing closing boundary only internally; reading it is how we learn it had to repair the structure.
    private static readonly PropertyInfo? WriteEndBoundary =
        typeof(Multipart).GetProperty("WriteEndBoundary", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private readonly ExtractionSession _session;
    private readonly ContentReader _content;

    public MimeWalker(ExtractionSession session)
    {
        _session = session;
        _content = new ContentReader(session, this);
    }

    /// <summary>Extracts a message whose locations start with <paramref name="prefix"/> ("" or "attachment:old.eml/").</summary>
    public HeaderBlock WalkMessage(MimeMessage message, string prefix, int depth)
    {
        var block = MessageHeaders.Block(message);
        _session.Add(prefix + "headers", SegmentRole.Headers, MessageHeaders.Text(message, block), block);
        if (message.Body is not null)
        {
            WalkEntity(message.Body, prefix, depth + 1, new PartNumbers(), message.Subject, null);
        }
        return block;
    }

    private void WalkEntity(MimeEntity entity, string prefix, int depth, PartNumbers numbers, string? subject, AlternativeTexts? alternatives)
    {
        _session.Token.ThrowIfCancellationRequested();
        var here = prefix.Length == 0 ? "message" : prefix.TrimEnd('/');
        if (depth > _session.Options.MaxMimeDepth)
        {
            _session.Problem(here, $"MIME depth limit ({_session.Options.MaxMimeDepth}) reached; deeper parts were not read");
            return;
        }
        CheckHeaders(entity, here);
        switch (entity)
        {
            case Multipart multipart:
                WalkMultipart(multipart, prefix, here, depth, numbers, subject, alternatives);
                break;
            case MessagePart { Message: not null } attached:
                var name = AttachmentName(attached, numbers, ".eml");
                var location = prefix + "attachment:" + name;
                _session.Add(location, SegmentRole.FileName, name);
                _session.Run(location, "the attached message", () => WalkMessage(attached.Message, location + "/", depth));
                break;
            case TnefPart tnef:
                var tnefLocation = prefix + "attachment:" + AttachmentName(tnef, numbers, ".dat");
                _session.Run(tnefLocation, "the TNEF (winmail.dat) part", () =>
                {
                    // MimeKit's lenient TNEF reader turns garbage into an empty message; the signature tells them apart.
                    if (!HasTnefSignature(tnef))
                    {
                        throw new UnreadablePartException("corrupt TNEF (winmail.dat): no TNEF signature");
                    }
                    WalkMessage(tnef.ConvertToMessage(), tnefLocation + "/", depth);
                });
                break;
            case MimePart part when part.ContentType.IsMimeType("message", "*") && !part.ContentType.IsMimeType("message", "delivery-status")
                && !part.ContentType.IsMimeType("message", "disposition-notification"):
                // message/rfc822 sent base64-encoded is an opaque leaf to MimeKit; decode it and read the message inside.
                var hiddenName = AttachmentName(part, numbers, ".eml");
                var hidden = prefix + "attachment:" + hiddenName;
                _session.Add(hidden, SegmentRole.FileName, hiddenName);
                _session.Run(hidden, "the encoded attached message", () => _content.ReadPart(part, hidden, depth, asMessage: true));
                break;
            case TextPart text when IsBodyText(text):
                var bodyLocation = prefix + numbers.NextBody();
                _session.Run(bodyLocation, "the body", () => ReadBody(text, bodyLocation, subject, alternatives));
                break;
            case MimePart part:
                var fileName = AttachmentName(part, numbers, string.Empty);
                var attachment = prefix + "attachment:" + fileName;
                if (part.FileName is { Length: > 0 })
                {
                    _session.Add(attachment, SegmentRole.FileName, part.FileName);
                }
                _session.Run(attachment, fileName, () => _content.ReadPart(part, attachment, depth, asMessage: false));
                break;
        }
    }

    private void WalkMultipart(Multipart multipart, string prefix, string here, int depth, PartNumbers numbers, string? subject,
        AlternativeTexts? enclosing)
    {
        if (multipart.Count == 0)
        {
            // A multipart sent base64 or quoted-printable parses to no parts: decode its body and parse it again.
            if (multipart.Headers[HeaderId.ContentTransferEncoding] is { Length: > 0 } encoding && multipart.Preamble is { Length: > 0 })
            {
                _session.Run(here, "the encoded multipart", () => WalkEntity(Reparse(multipart, encoding), prefix, depth + 1, numbers, subject, null));
                return;
            }
            if (!string.IsNullOrWhiteSpace(multipart.Preamble))
            {
                _session.Problem(here, "multipart has no parts (boundary missing or broken); its text was read as one body");
                var location = prefix + numbers.NextBody();
                _session.Run(location, "the body", () => ThreadSplitter.Split(_session, location, multipart.Preamble, subject));
            }
            return;
        }
        if (WriteEndBoundary?.GetValue(multipart) is false)
        {
            _session.Problem(here, "multipart is missing its closing boundary (truncated or broken MIME structure)");
        }
        // The bodies of an alternative are one text in several forms; the HTML form usually sits in a multipart/related
        // with its images, so a related part inside an alternative still counts as one of its forms.
        var alternatives = multipart.ContentType.IsMimeType("multipart", "alternative") ? new AlternativeTexts()
            : multipart.ContentType.IsMimeType("multipart", "related") ? enclosing
            : null;
        foreach (var child in multipart)
        {
            WalkEntity(child, prefix, depth + 1, numbers, subject, alternatives);
        }
    }

    private MimeEntity Reparse(Multipart multipart, string encoding)
    {
        if (!MimeUtils.TryParse(encoding, out ContentEncoding contentEncoding))
        {
            throw new UnreadablePartException($"multipart with unknown transfer encoding \"{encoding.Trim()}\"");
        }
        var raw = new MemoryStream(Encoding.Latin1.GetBytes(multipart.Preamble ?? string.Empty));
        var decoded = new MemoryStream();
        decoded.Write(Encoding.UTF8.GetBytes("Content-Type:" + multipart.Headers[HeaderId.ContentType] + "\r\n\r\n"));
        new MimeContent(raw, contentEncoding).DecodeTo(decoded, _session.Token);
        _session.Expand(decoded.Length);
        decoded.Position = 0;
        return MimeEntity.Load(MessageExtractor.ParserOptionsFor(_session.Options), decoded, _session.Token);
    }

    private void ReadBody(TextPart part, string location, string? subject, AlternativeTexts? alternatives)
    {
        var text = _content.DecodeText(part, location, html: part.IsHtml);
        if (part.IsFlowed && !part.IsHtml)
        {
            var flowed = new FlowedToText
            {
                DeleteSpace = string.Equals(part.ContentType.Parameters["delsp"], "yes", StringComparison.OrdinalIgnoreCase),
            };
            text = flowed.Convert(text);
        }
        // An HTML alternative that says what an earlier one said, layout aside (HTML lays text out differently and quotes
        // without markers), would only report every finding twice; one that differs in any other character (hidden
        // text, an extra link) is read. A plain form is always read: its line breaks are what contact blocks are found
        // by, and the HTML form's text keeps fewer of them, so an HTML form sent first does not stand in for it.
        if (alternatives is not null && !alternatives.Add(text) && part.IsHtml)
        {
            return;
        }
        ThreadSplitter.Split(_session, location, text, subject);
        EncodedText.ReadHiddenBase64(_session, location, text);
    }

    private void CheckHeaders(MimeEntity entity, string here)
    {
        // One indexed pass over each list: every entity of every message comes here, and LINQ over them cost two
        // interface enumerators and three passes an entity.
        int contentTypes = 0, encodings = 0, boundaries = 0;
        var headers = entity.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var id = headers[i].Id;
            contentTypes += id == HeaderId.ContentType ? 1 : 0;
            encodings += id == HeaderId.ContentTransferEncoding ? 1 : 0;
            boundaries = id == HeaderId.ContentType ? Math.Max(boundaries, BoundaryParameters.Count(headers[i].RawValue)) : boundaries;
        }
        if (contentTypes > 1)
        {
            _session.Problem(here, $"{contentTypes} Content-Type headers; mail clients may see a different structure than the one read");
        }
        if (encodings > 1)
        {
            _session.Problem(here, "several Content-Transfer-Encoding headers; clients may decode the part differently");
        }
        if (boundaries > 1)
        {
            _session.Problem(here, "several boundary parameters; clients may split the multipart differently");
        }
    }

    private static bool HasTnefSignature(TnefPart tnef)
    {
        if (tnef.Content is null)
        {
            return false;
        }
        using var decoded = tnef.Content.Open();
        Span<byte> signature = stackalloc byte[4];
        return decoded.ReadAtLeast(signature, 4, throwOnEndOfStream: false) == 4
            && signature.SequenceEqual((ReadOnlySpan<byte>)[0x78, 0x9F, 0x3E, 0x22]);
    }

    private static bool IsBodyText(TextPart part) =>
        (part.IsPlain || part.IsHtml || part.ContentType.IsMimeType("text", "enriched"))
        && !part.IsAttachment && string.IsNullOrEmpty(part.FileName);

    private static string AttachmentName(MimeEntity entity, PartNumbers numbers, string extension)
    {
        var name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name;
        if (string.IsNullOrWhiteSpace(name) && entity is MessagePart { Message.Subject: { Length: > 0 } subject })
        {
            name = subject + extension;
        }
        return string.IsNullOrWhiteSpace(name) ? $"part{numbers.NextPart()}{extension}" : name.Replace('/', '_');
    }

    /// <summary>The texts read so far from the forms of one multipart/alternative, compared with their layout collapsed.</summary>
    private sealed class AlternativeTexts
    {
        // An alternative has two or three forms: comparing with each is cheaper than a collapsed copy of every form.
        private readonly List<string> _texts = [];

        /// <summary>False when an earlier form had this text.</summary>
        public bool Add(string text)
        {
            foreach (var earlier in _texts)
            {
                if (SameLayoutAside(earlier, text))
                {
                    return false;
                }
            }
            _texts.Add(text);
            return true;
        }

        /// <summary>
        /// Equal once every run of layout is taken as one separator: whitespace, the quote markers ("&gt; ") that start
        /// a line, and rule lines. A plain form quotes a reply with markers where its HTML form has a blockquote, which
        /// gives its text none; both say the same, and reading both reported every quoted finding twice.
        /// </summary>
        private static bool SameLayoutAside(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
        {
            int i = 0, j = 0;
            bool aLineStart = true, bLineStart = true;
            SkipLayout(a, ref i, ref aLineStart);
            SkipLayout(b, ref j, ref bLineStart);
            while (i < a.Length && j < b.Length)
            {
                // Here a[i] is never whitespace, and once a line has begun only whitespace starts layout: the characters
                // up to the next whitespace, equal in both, are passed in one vectorised step, and the layout check
                // below runs once for the run rather than once a character.
                var same = a[i..].CommonPrefixLength(b[j..]);
                if (same == 0)
                {
                    return false;
                }
                var plain = a.Slice(i, same).IndexOfAny(WhiteSpace) is var space and >= 0 ? Math.Max(space, 1) : same;
                (i, j, aLineStart, bLineStart) = (i + plain, j + plain, false, false);
                var aSeparated = SkipLayout(a, ref i, ref aLineStart);
                var bSeparated = SkipLayout(b, ref j, ref bLineStart);
                // Layout at the very end of one text is trimmed away, like leading layout.
                if (aSeparated != bSeparated && i < a.Length && j < b.Length)
                {
                    return false;
                }
            }
            return i == a.Length && j == b.Length;
        }

        // Whitespace, '>' where nothing but whitespace and '>' precedes it on its line, and a whole line that is a rule;
        // true when it skipped any.
        private static bool SkipLayout(ReadOnlySpan<char> text, ref int index, ref bool lineStart)
        {
            var start = index;
            for (; index < text.Length; index++)
            {
                var c = text[index];
                if (c == '\n')
                {
                    lineStart = true;
                }
                else if (lineStart && RuleCharacters.Contains(c) && RuleLength(text[index..]) is > 0 and var rule)
                {
                    index += rule - 1;
                }
                else if (!char.IsWhiteSpace(c) && !(c == '>' && lineStart))
                {
                    break;
                }
            }
            return index > start;
        }

        // Outlook's plain form heads a reply with "-----Original Message-----" where its HTML form draws a border. The
        // length of such a line (rule characters around nothing or a fixed caption, so it holds no data), else 0.
        private static int RuleLength(ReadOnlySpan<char> rest)
        {
            var end = rest.IndexOf('\n') is var newline and >= 0 ? newline : rest.Length;
            var line = rest[..end].TrimEnd();
            var inner = line.Trim(RuleCharacters);
            if (line.Length - inner.Length < 3)
            {
                return 0;
            }
            inner = inner.Trim();
            return inner.IsEmpty || inner.Equals("Original Message", StringComparison.OrdinalIgnoreCase)
                || inner.Equals("Forwarded message", StringComparison.OrdinalIgnoreCase) ? line.Length : 0;
        }

        private const string RuleCharacters = "-_=";

        // Exactly what char.IsWhiteSpace accepts.
        private static readonly SearchValues<char> WhiteSpace =
            SearchValues.Create([.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)]);
    }

    /// <summary>Numbers the bodies and unnamed parts of one message: body, body[2], ...; part1, part2, ...</summary>
    private sealed class PartNumbers
    {
        private int _bodies;
        private int _parts;

        public string NextBody() => ++_bodies == 1 ? "body" : $"body[{_bodies}]";

        public int NextPart() => ++_parts;
    }
}
