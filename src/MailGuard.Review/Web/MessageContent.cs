using System.Text;
using MailGuard.Scan.Extract;
using MimeKit;
using MimeKit.IO;
using MimeKit.Text;

namespace MailGuard.Review.Web;

/// <summary>
/// What the message page shows of the stored bytes: headers, attachments, a text view and the HTML body, each body cut
/// at the console's preview limit (<see cref="CutAt"/> says so, and where).
/// </summary>
internal sealed record MessageContent(
    IReadOnlyList<(string Field, string Value)> Headers,
    IReadOnlyList<(string Name, string ContentType, long Bytes)> Attachments,
    string Text,
    string? HtmlBody,
    int? CutAt = null)
{
    /// <summary>
    /// Parses the message in place (persistently, from the store's blob or a temporary file) and reads at most
    /// <paramref name="maxChars"/> of each body: a reviewer's click on a 50 MB message costs its headers, its structure and
    /// two bounded strings, not the message.
    /// </summary>
    public static async Task<MessageContent?> LoadAsync(IReviewStore store, string id, int maxChars, CancellationToken cancellationToken)
    {
        await using var stream = await SeekableMessage.OpenAsync(store.OpenMessageAsync, id, cancellationToken);
        if (stream is null)
        {
            return null;
        }
        EncodingSupport.EnsureRegistered();
        var message = await new MimeParser(stream, persistent: true).ParseMessageAsync(cancellationToken);
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
        var bodies = message.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment).ToList();
        var (plain, plainCut) = await ReadAsync(bodies.FirstOrDefault(p => p.IsPlain), maxChars, cancellationToken);
        var (html, htmlCut) = await ReadAsync(bodies.FirstOrDefault(p => p.IsHtml), maxChars, cancellationToken);
        var text = plain ?? (html is null ? "" : TextOf(html));
        return new MessageContent(headers, attachments, text, html, plainCut || htmlCut ? maxChars : null);
    }

    /// <summary>At most <paramref name="maxChars"/> of the part's decoded text, in its charset (UTF-8 when it names none or an unknown one).</summary>
    private static async Task<(string? Text, bool Cut)> ReadAsync(TextPart? part, int maxChars, CancellationToken cancellationToken)
    {
        if (part?.Content is null)
        {
            return (part is null ? null : "", false);
        }
        await using var decoded = part.Content.Open();
        using var reader = new StreamReader(decoded, EncodingOf(part), detectEncodingFromByteOrderMarks: true);
        var buffer = new char[maxChars + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return read > maxChars ? (new string(buffer, 0, maxChars), true) : (new string(buffer, 0, read), false);
    }

    private static Encoding EncodingOf(TextPart part)
    {
        try
        {
            return part.ContentType.CharsetEncoding ?? Encoding.UTF8;
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            return Encoding.UTF8;
        }
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
