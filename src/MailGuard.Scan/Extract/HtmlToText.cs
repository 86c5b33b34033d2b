using System.Text;
using MimeKit.Text;

namespace MailGuard.Scan.Extract;

/// <summary>
/// HTML to text that keeps the line structure detectors rely on: block elements and table rows on their own
/// lines, cells tab-separated (signature blocks live in tables), script and style dropped, hidden text kept
/// (a leak in a hidden span is still a leak), and a mailto address kept next to its link text.
/// </summary>
internal static class HtmlToText
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "table", "tbody", "tfoot", "thead", "title", "tr", "ul", "caption",
    };

    private static readonly HashSet<string> DroppedElements = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head" };

    public static string Convert(string html, CancellationToken ct)
    {
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        var output = new StringBuilder(html.Length / 2);
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
            switch (token)
            {
                case HtmlTagToken tag when DroppedElements.Contains(tag.Name) && !tag.IsEmptyElement:
                    // <head> holds <title>, which some clients show; only script and style are never text.
                    if (!tag.Name.Equals("head", StringComparison.OrdinalIgnoreCase))
                    {
                        dropped = Math.Max(0, dropped + (tag.IsEndTag ? -1 : 1));
                    }
                    break;
                case HtmlTagToken tag when tag.Name.Equals("pre", StringComparison.OrdinalIgnoreCase):
                    pre = Math.Max(0, pre + (tag.IsEndTag ? -1 : 1));
                    NewLine(output);
                    break;
                case HtmlTagToken tag when tag.Name.Equals("td", StringComparison.OrdinalIgnoreCase)
                    || tag.Name.Equals("th", StringComparison.OrdinalIgnoreCase):
                    if (!tag.IsEndTag && output.Length > 0 && output[^1] != '\n')
                    {
                        TrimSpaces(output);
                        output.Append('\t');
                    }
                    break;
                case HtmlTagToken tag when tag.Name.Equals("a", StringComparison.OrdinalIgnoreCase):
                    if (!tag.IsEndTag)
                    {
                        var href = tag.Attributes.FirstOrDefault(a => a.Name.Equals("href", StringComparison.OrdinalIgnoreCase))?.Value;
                        mailto = href is not null && href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
                            ? Uri.UnescapeDataString(href[7..].Split('?')[0]).Trim()
                            : null;
                        linkStart = output.Length;
                    }
                    else if (mailto is { Length: > 0 })
                    {
                        var linkText = output.ToString(linkStart, output.Length - linkStart);
                        if (!linkText.Contains(mailto, StringComparison.OrdinalIgnoreCase))
                        {
                            output.Append(" <").Append(mailto).Append('>');
                        }
                        mailto = null;
                    }
                    break;
                case HtmlTagToken tag when BlockElements.Contains(tag.Name):
                    NewLine(output);
                    break;
                case HtmlDataToken data when dropped == 0 && token.Kind is HtmlTokenKind.Data or HtmlTokenKind.CData:
                    AppendData(output, data.Data, pre > 0);
                    break;
            }
        }
        return Tidy(output);
    }

    private static void AppendData(StringBuilder output, string data, bool preformatted)
    {
        if (preformatted)
        {
            output.Append(data.Replace("\r\n", "\n", StringComparison.Ordinal));
            return;
        }
        foreach (var c in data)
        {
            // Collapse whitespace the way a browser renders it; U+3000 and NBSP are content, not layout.
            if (c is ' ' or '\t' or '\r' or '\n' or '\f')
            {
                if (output.Length > 0 && output[^1] is not (' ' or '\n' or '\t'))
                {
                    output.Append(' ');
                }
            }
            else
            {
                output.Append(c == '\u00A0' ? ' ' : c);
            }
        }
    }

    private static void NewLine(StringBuilder output)
    {
        TrimSpaces(output);
        if (output.Length > 0 && output[^1] != '\n')
        {
            output.Append('\n');
        }
    }

    private static void TrimSpaces(StringBuilder output)
    {
        while (output.Length > 0 && output[^1] == ' ')
        {
            output.Length--;
        }
    }

    private static string Tidy(StringBuilder output)
    {
        var lines = output.ToString().Split('\n');
        var result = new StringBuilder(output.Length);
        var blank = 0;
        foreach (var raw in lines)
        {
            var line = raw.Trim(' ', '\t');
            if (line.Length == 0)
            {
                if (++blank > 1 || result.Length == 0)
                {
                    continue;
                }
            }
            else
            {
                blank = 0;
            }
            result.Append(raw.TrimEnd(' ', '\t').TrimStart(' ')).Append('\n');
        }
        return result.ToString().TrimEnd('\n');
    }
}
