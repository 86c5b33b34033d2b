using MimeKit.Text;

namespace MailGuard.Review.Web;

/// <summary>
/// Makes a held message's HTML body inert before the sandboxed frame shows it: no scripts, no event handlers,
/// no frames, forms or plugins, and nothing that fetches from elsewhere (only <c>data:</c> images stay).
/// The frame's sandbox and Content-Security-Policy would block all of this anyway; this keeps the browser
/// from even attempting it, so a remote tracker never learns that someone looked.
/// </summary>
internal static class HtmlPreview
{
    private static readonly HashSet<HtmlTagId> Dropped =
    [
        HtmlTagId.Script, HtmlTagId.NoScript, HtmlTagId.Link, HtmlTagId.Base, HtmlTagId.Meta, HtmlTagId.IFrame, HtmlTagId.Frame,
        HtmlTagId.FrameSet, HtmlTagId.Object, HtmlTagId.Embed, HtmlTagId.Applet, HtmlTagId.Form, HtmlTagId.Input,
        HtmlTagId.Button, HtmlTagId.Select, HtmlTagId.TextArea, HtmlTagId.Param,
    ];

    private static readonly HashSet<string> FetchingAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "src", "srcset", "background", "poster", "data", "action", "formaction", "lowsrc", "dynsrc", "xlink:href", "ping",
    };

    public static string Sanitize(string html)
    {
        var converter = new HtmlToHtml { FilterComments = true, HtmlTagCallback = Rewrite };
        using var output = new StringWriter();
        converter.Convert(new StringReader(html), output);
        return output.ToString();
    }

    private static void Rewrite(HtmlTagContext context, HtmlWriter writer)
    {
        if (Dropped.Contains(context.TagId) || context.TagName.Equals("svg", StringComparison.OrdinalIgnoreCase))
        {
            context.DeleteTag = true;
            context.DeleteEndTag = true;
            context.SuppressInnerContent = context.TagId is not HtmlTagId.Form;
            return;
        }
        if (context.IsEndTag)
        {
            context.WriteTag(writer, true);
            return;
        }
        if (context.IsEmptyElementTag)
        {
            writer.WriteEmptyElementTag(context.TagName);
        }
        else
        {
            writer.WriteStartTag(context.TagName);
        }
        foreach (var attribute in context.Attributes)
        {
            if (Allowed(attribute.Name, attribute.Value ?? ""))
            {
                writer.WriteAttribute(attribute);
            }
        }
        context.DeleteTag = true;
    }

    private static bool Allowed(string name, string value)
    {
        var trimmed = value.Trim();
        if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (FetchingAttributes.Contains(name))
        {
            return trimmed.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase);
        }
        if (name.Equals("href", StringComparison.OrdinalIgnoreCase))
        {
            return trimmed.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith('#');
        }
        if (name.Equals("style", StringComparison.OrdinalIgnoreCase))
        {
            return !trimmed.Contains("url(", StringComparison.OrdinalIgnoreCase) && !trimmed.Contains("expression(", StringComparison.OrdinalIgnoreCase)
                && !trimmed.Contains("@import", StringComparison.OrdinalIgnoreCase);
        }
        return true;
    }
}
