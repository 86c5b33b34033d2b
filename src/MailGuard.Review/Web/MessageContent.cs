using MimeKit;
using MimeKit.IO;
using MimeKit.Text;

namespace MailGuard.Review.Web;

/// <summary>What the message page shows of the stored bytes: headers, attachments, a text view and the HTML body.</summary>
internal sealed record MessageContent(
    IReadOnlyList<(string Field, string Value)> Headers,
    IReadOnlyList<(string Name, string ContentType, long Bytes)> Attachments,
    string Text,
    string? HtmlBody)
{
    public static async Task<MessageContent?> LoadAsync(IReviewStore store, string id, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenMessageAsync(id, cancellationToken);
        if (stream is null)
        {
            return null;
        }
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        var headers = message.Headers.Select(h => (h.Field, h.Value)).ToList();
        var attachments = new List<(string, string, long)>();
        foreach (var entity in message.Attachments)
        {
            var name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name ?? "";
            long size = 0;
            if (entity is MimePart { Content: not null } part)
            {
                using var measure = new MeasuringStream();
                await part.Content.DecodeToAsync(measure, cancellationToken);
                size = measure.Length;
            }
            else if (entity is MessagePart { Message: not null } attached)
            {
                using var measure = new MeasuringStream();
                await attached.Message.WriteToAsync(measure, cancellationToken);
                size = measure.Length;
                name = name.Length > 0 ? name : attached.Message.Subject ?? "message.eml";
            }
            attachments.Add((name, entity.ContentType.MimeType, size));
        }
        var html = message.HtmlBody;
        var text = message.TextBody ?? (html is null ? "" : TextOf(html));
        return new MessageContent(headers, attachments, text, html);
    }

    /// <summary>The visible text of an HTML body (script and style dropped), for the default text view.</summary>
    private static string TextOf(string html)
    {
        var text = new System.Text.StringBuilder();
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var skipping = false;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style:
                    skipping = !tag.IsEndTag && !tag.IsEmptyElement;
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.LI:
                    text.Append('\n');
                    break;
                case HtmlDataToken data when !skipping && token is not HtmlScriptDataToken:
                    text.Append(data.Data);
                    break;
            }
        }
        return text.ToString().Trim();
    }
}
