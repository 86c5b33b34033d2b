using System.Globalization;

namespace MailGuard.Review.Web;

/// <summary>The read-only sections of the message page.</summary>
internal static class MessageDetails
{
    public static Html Envelope(PageContext page, HeldMessage message)
    {
        var t = page.T;
        var e = message.Envelope;
        return new Html().Add($"<h2>{t["Envelope"]}</h2><table class=\"envelope\"><tbody>")
            .Add($"<tr><th>{t["MailFrom"]}</th><td>{(e.MailFrom.Length > 0 ? e.MailFrom : "<>")}</td></tr>")
            .Add($"<tr><th>{t["RcptTo"]}</th><td>{string.Join(", ", e.Recipients)}</td></tr>")
            .Add($"<tr><th>{t["Client"]}</th><td>{e.ClientAddress} {(e.Helo is null ? "" : "(" + e.Helo + ")")}</td></tr>")
            .Add($"<tr><th>{t["AuthUser"]}</th><td>{e.AuthenticatedUser}</td></tr>")
            .Add($"<tr><th>{t["ReceivedAt"]}</th><td>{page.Time(e.ReceivedAt)}</td></tr>")
            .Add($"<tr><th>{t["Size"]}</th><td>{QuarantineListPage.Kilobytes(message.Summary.Size)}</td></tr></tbody></table>");
    }

    public static Html Attachments(PageContext page, MessageContent content)
    {
        var t = page.T;
        var html = new Html().Add($"<h2>{t["Attachments"]}</h2>");
        if (content.Attachments.Count == 0)
        {
            return html.Add($"<p>{t["NoAttachments"]}</p>");
        }
        html.Add($"<table class=\"attachments\"><thead><tr><th>{t["Name"]}</th><th>{t["Type"]}</th><th>{t["Size"]}</th></tr></thead><tbody>");
        foreach (var (name, type, bytes) in content.Attachments)
        {
            html.Add($"<tr><td>{name}</td><td>{type}</td><td>{QuarantineListPage.Kilobytes(bytes)}</td></tr>");
        }
        return html.Add($"</tbody></table>");
    }

    /// <summary>The text view unless <c>?view=html</c> asks for the sandboxed HTML frame.</summary>
    public static Html Preview(PageContext page, string id, MessageContent content)
    {
        var t = page.T;
        var escaped = Uri.EscapeDataString(id);
        var wantsHtml = page.Http.Request.Query["view"] == "html" && content.HtmlBody is not null;
        var html = new Html().Add($"<h2 id=\"preview\">{t["Preview"]}</h2><p>");
        html.Add($"<a href=\"/messages/{escaped}#preview\">{t["TextView"]}</a>");
        if (content.HtmlBody is not null)
        {
            html.Add($" · <a href=\"/messages/{escaped}?view=html#preview\">{t["HtmlView"]}</a>");
        }
        html.Add($"</p>");
        if (content.CutAt is { } shown)
        {
            html.Add($"<p class=\"notice\" id=\"preview-cut\">{t.Format("PreviewCut", shown)}</p>");
        }
        return wantsHtml
            ? html.Add($"<iframe id=\"html-preview\" sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"{t["HtmlView"]}\" src=\"/messages/{escaped}/html\"></iframe>")
            : html.Add($"<pre id=\"text-preview\">{content.Text}</pre>");
    }

    public static Html Headers(PageContext page, MessageContent content)
    {
        var html = new Html().Add($"<details><summary>{page.T["Headers"]}</summary><table class=\"headers\"><tbody>");
        foreach (var (field, value) in content.Headers)
        {
            html.Add($"<tr><th>{field}</th><td>{value}</td></tr>");
        }
        return html.Add($"</tbody></table></details>");
    }

    public static Html History(PageContext page, IReadOnlyList<AuditLine> entries) =>
        new Html().Add($"<h2>{page.T["History"]}</h2>").Append(AuditTable(page, entries, showMessage: false));

    public static Html AuditTable(PageContext page, IReadOnlyList<AuditLine> entries, bool showMessage)
    {
        var t = page.T;
        var html = new Html().Add($"<table class=\"audit\"><thead><tr><th>{t["When"]}</th><th>{t["Actor"]}</th><th>{t["Action"]}</th>");
        if (showMessage)
        {
            html.Add($"<th>{t["Message"]}</th>");
        }
        html.Add($"<th>{t["Reason"]}</th><th>{t["Address"]}</th></tr></thead><tbody>");
        foreach (var e in entries)
        {
            html.Add($"<tr><td>{page.Time(e.At)}</td><td>{e.Actor}</td><td>{e.Action}</td>");
            if (showMessage)
            {
                html.Add($"<td>");
                if (e.MessageId is not null)
                {
                    html.Add($"<a href=\"/messages/{Uri.EscapeDataString(e.MessageId)}\">{e.MessageId}</a>");
                }
                html.Add($"</td>");
            }
            html.Add($"<td>{e.Reason}</td><td>{e.Address}</td></tr>");
        }
        if (entries.Count == 0)
        {
            html.Add($"<tr><td colspan=\"{(showMessage ? 6 : 5).ToString(CultureInfo.InvariantCulture)}\">{t["NoEntries"]}</td></tr>");
        }
        return html.Add($"</tbody></table>");
    }
}
