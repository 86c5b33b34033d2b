using System.Buffers;
using System.Runtime.InteropServices;
using MimeKit.Text;

namespace MailGuard.Scan.Extract;

/// <summary>
/// HTML to text that keeps the line structure detectors rely on: block elements and table rows on their own
/// lines, cells tab-separated (signature blocks live in tables), script and style dropped, hidden text kept
/// (a leak in a hidden span is still a leak), and a mailto address kept next to its link text.
/// </summary>
internal static class HtmlToText
{
    private enum TagKind { None, Dropped, Head, Pre, Cell, Link, Block }

    public static string Convert(string html, CancellationToken ct) => Convert(new StringReader(html), html.Length, ct);

    /// <summary>The text of the HTML <paramref name="html"/> reads, about <paramref name="length"/> characters of it.</summary>
    public static string Convert(TextReader html, int length, CancellationToken ct)
    {
        var tokenizer = new Tokenizer(html) { DecodeCharacterReferences = true };
        var output = new TextBuffer(length / 2 + 16);
        try
        {
            var dropped = 0;
            var pre = 0;
            string? mailto = null;
            var linkStart = 0;
            var count = 0;
            while (tokenizer.ReadNextToken(out var token))
            {
                if ((++count & 1023) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
                if (token is HtmlDataToken data)
                {
                    if (dropped == 0 && token.Kind is HtmlTokenKind.Data or HtmlTokenKind.CData)
                    {
                        output.AppendData(data.Data, pre > 0);
                    }
                    continue;
                }
                if (token is not HtmlTagToken tag)
                {
                    continue;
                }
                switch (KindOf(tag.Id))
                {
                    case TagKind.Dropped when !tag.IsEmptyElement:
                        dropped = Math.Max(0, dropped + (tag.IsEndTag ? -1 : 1));
                        break;
                    case TagKind.Pre:
                        pre = Math.Max(0, pre + (tag.IsEndTag ? -1 : 1));
                        output.NewLine();
                        break;
                    case TagKind.Cell:
                        if (!tag.IsEndTag && output.Length > 0 && output.Last != '\n')
                        {
                            output.TrimSpaces();
                            output.Append('\t');
                        }
                        break;
                    case TagKind.Link when !tag.IsEndTag:
                        mailto = Mailto(tag);
                        linkStart = output.Length;
                        break;
                    case TagKind.Link:
                        if (mailto is { Length: > 0 })
                        {
                            // A block inside the link may have trimmed spaces from before it: then its text starts at the end.
                            if (!output.Since(Math.Min(linkStart, output.Length)).Contains(mailto, StringComparison.OrdinalIgnoreCase))
                            {
                                output.Append(" <");
                                output.Append(mailto);
                                output.Append('>');
                            }
                            mailto = null;
                        }
                        break;
                    case TagKind.Block:
                        output.NewLine();
                        break;
                }
            }
            return output.Tidy();
        }
        finally
        {
            output.Dispose();
        }
    }

    private static string? Mailto(HtmlTagToken tag)
    {
        foreach (var attribute in tag.Attributes)
        {
            if (attribute.Name.Equals("href", StringComparison.OrdinalIgnoreCase))
            {
                var href = attribute.Value;
                if (href is null || !href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
                var address = href.AsSpan(7);
                var query = address.IndexOf('?');
                return Uri.UnescapeDataString(query < 0 ? address : address[..query]).Trim();
            }
        }
        return null;
    }

    // The tokenizer has already looked up the id of every start tag (it decides its own state by it): a switch on it
    // costs no second lookup by name.
    private static TagKind KindOf(HtmlTagId id) => id switch
    {
        HtmlTagId.Script or HtmlTagId.Style => TagKind.Dropped,
        // <head> holds <title>, which some clients show; only script and style are never text.
        HtmlTagId.Head => TagKind.Head,
        HtmlTagId.Pre => TagKind.Pre,
        HtmlTagId.TD or HtmlTagId.TH => TagKind.Cell,
        HtmlTagId.A => TagKind.Link,
        HtmlTagId.Address or HtmlTagId.Article or HtmlTagId.Aside or HtmlTagId.BlockQuote or HtmlTagId.Br or HtmlTagId.Center
            or HtmlTagId.DD or HtmlTagId.Div or HtmlTagId.DL or HtmlTagId.DT or HtmlTagId.FieldSet or HtmlTagId.FigCaption
            or HtmlTagId.Figure or HtmlTagId.Footer or HtmlTagId.Form or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3
            or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6 or HtmlTagId.Header or HtmlTagId.HR or HtmlTagId.LI or HtmlTagId.Main
            or HtmlTagId.Nav or HtmlTagId.OL or HtmlTagId.P or HtmlTagId.Section or HtmlTagId.Table or HtmlTagId.TBody
            or HtmlTagId.Tfoot or HtmlTagId.THead or HtmlTagId.Title or HtmlTagId.TR or HtmlTagId.UL or HtmlTagId.Caption => TagKind.Block,
        _ => TagKind.None,
    };

    /// <summary>
    /// MimeKit's tokenizer, handing out again the token of a tag name it emitted before when that token has no attributes
    /// and is not self-closing, so it is as a new one would be (attributes cannot be removed, and MimeKit never clears
    /// the self-closing flag). End tags and bare tags are about half of an email's tokens, and each new one was a token,
    /// an attribute collection and its list. Tokens are read before the next is made; none outlives the conversion.
    /// </summary>
    private sealed class Tokenizer(TextReader html) : HtmlTokenizer(html)
    {
        private readonly Dictionary<string, HtmlTagToken> _starts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HtmlTagToken> _ends = new(StringComparer.Ordinal);

        protected override HtmlTagToken CreateTagToken(string tagName, bool isEndTag = false)
        {
            var tokens = isEndTag ? _ends : _starts;
            ref var token = ref CollectionsMarshal.GetValueRefOrAddDefault(tokens, tagName, out _);
            if (token is null || token.Attributes.Count > 0 || token.IsEmptyElement)
            {
                token = new HtmlTagToken(tagName, isEndTag);
            }
            return token;
        }
    }

    /// <summary>
    /// The text being built, in a pooled array: reading its last character and trimming it is an array access, and the
    /// tidy pass rewrites it in place, so the finished text is the only string made.
    /// </summary>
    private struct TextBuffer(int capacity) : IDisposable
    {
        private char[] _chars = ArrayRental.Rent<char>(capacity);

        public int Length { get; private set; }

        public readonly char Last => _chars[Length - 1];

        public readonly ReadOnlySpan<char> Since(int start) => _chars.AsSpan(start, Length - start);

        public void Append(char c)
        {
            Reserve(1);
            _chars[Length++] = c;
        }

        public void Append(ReadOnlySpan<char> text)
        {
            Reserve(text.Length);
            text.CopyTo(_chars.AsSpan(Length));
            Length += text.Length;
        }

        public void AppendData(string data, bool preformatted)
        {
            if (preformatted)
            {
                Append(data.Replace("\r\n", "\n", StringComparison.Ordinal));
                return;
            }
            Reserve(data.Length);
            var chars = _chars;
            var length = Length;
            var last = length > 0 ? chars[length - 1] : '\n';
            foreach (var c in data)
            {
                // Collapse whitespace the way a browser renders it; U+3000 and NBSP are content, not layout.
                if (c is ' ' or '\t' or '\r' or '\n' or '\f')
                {
                    if (length > 0 && last is not (' ' or '\n' or '\t'))
                    {
                        chars[length++] = last = ' ';
                    }
                }
                else
                {
                    chars[length++] = last = c == '\u00A0' ? ' ' : c;
                }
            }
            Length = length;
        }

        public void NewLine()
        {
            TrimSpaces();
            if (Length > 0 && Last != '\n')
            {
                Append('\n');
            }
        }

        public void TrimSpaces()
        {
            while (Length > 0 && Last == ' ')
            {
                Length--;
            }
        }

        /// <summary>
        /// Each line without the spaces and tabs at its end and the spaces at its start, at most one blank line in a row,
        /// none first or last. Lines only shrink, so each is moved down within the array it is in.
        /// </summary>
        public readonly string Tidy()
        {
            var chars = _chars.AsSpan(0, Length);
            var written = 0;
            var blank = 0;
            var start = 0;
            while (start <= chars.Length)
            {
                var newline = chars[start..].IndexOf('\n');
                var end = newline < 0 ? chars.Length : start + newline;
                var line = chars[start..end].TrimEnd(" \t").TrimStart(' ');
                if (line.IsEmpty)
                {
                    if (++blank > 1 || written == 0)
                    {
                        start = end + 1;
                        continue;
                    }
                }
                else
                {
                    blank = 0;
                }
                line.CopyTo(_chars.AsSpan(written));
                written += line.Length;
                // The line ended at a '\n' or at the end of the text; either way its '\n' fits where the line was.
                if (written < _chars.Length)
                {
                    _chars[written] = '\n';
                }
                written++;
                start = end + 1;
            }
            return new string(_chars.AsSpan(0, Math.Min(written, _chars.Length)).TrimEnd('\n'));
        }

        public void Dispose()
        {
            // The pool must not keep a message's text.
            _chars.AsSpan(0, Math.Min(Length + 1, _chars.Length)).Clear();
            ArrayRental.Return(_chars);
            _chars = [];
        }

        private void Reserve(int more)
        {
            if (Length + more <= _chars.Length)
            {
                return;
            }
            var larger = ArrayRental.Rent<char>(Math.Max(_chars.Length * 2, Length + more));
            _chars.AsSpan(0, Length).CopyTo(larger);
            _chars.AsSpan(0, Length).Clear();
            ArrayRental.Return(_chars);
            _chars = larger;
        }
    }
}
