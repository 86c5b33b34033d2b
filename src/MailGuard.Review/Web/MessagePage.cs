using System.Text;
using MailGuard.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using MailGuard.Quarantine;

namespace MailGuard.Review.Web;

/// <summary>
/// One held message: envelope, headers, why it was held (findings redacted, each revealable as an audited action),
/// attachments, a text preview, the HTML body in a sandboxed frame, and the decisions.
/// </summary>
internal static class MessagePage
{
    /// <summary>The HTML body runs nowhere: sandboxed without scripts, nothing fetched but inline styles and data: images.</summary>
    public const string PreviewPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

    public static void MapMessagePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/messages/{id}", async (string id, HttpContext http, IReviewStore store, CancellationToken cancellationToken) =>
            await RenderAsync(PageContext.For(http), store, id, null, null, cancellationToken));

        app.MapGet("/messages/{id}/html", async (string id, HttpContext http, IReviewStore store, CancellationToken cancellationToken) =>
        {
            var content = await MessageContent.LoadAsync(store, id, cancellationToken);
            if (content?.HtmlBody is null)
            {
                return Results.NotFound();
            }
            http.Response.Headers.ContentSecurityPolicy = PreviewPolicy;
            http.Response.Headers.XFrameOptions = "SAMEORIGIN";
            return Results.Content(HtmlPreview.Sanitize(content.HtmlBody), "text/html; charset=utf-8", Encoding.UTF8);
        });

        app.MapPost("/messages/{id}/decide", async (string id, HttpContext http, IReviewStore store, ILogger<ReviewConsole> logger, CancellationToken cancellationToken) =>
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            var page = PageContext.For(http);
            if (!Enum.TryParse<ReviewDecision>(form["decision"], ignoreCase: true, out var decision) || !Enum.IsDefined(decision))
            {
                return Results.BadRequest();
            }
            var reason = form["reason"].ToString().Trim();
            if (reason.Length == 0)
            {
                return await RenderAsync(page, store, id, null, "reason", cancellationToken, StatusCodes.Status400BadRequest);
            }
            var actor = page.Actor();
            var outcome = await store.DecideAsync(id, decision, actor, reason, cancellationToken);
            logger.LogInformation("Review {Decision} {QueueId} by {Actor} from {Address}: {Outcome}", decision, id, actor.Name, actor.Address, outcome);
            var notice = outcome switch
            {
                DecisionOutcome.Done => "done",
                DecisionOutcome.AlreadyDone => "already",
                DecisionOutcome.NotFound => null,
                _ => "notallowed",
            };
            return notice is null ? Results.NotFound() : Results.Redirect($"/messages/{Uri.EscapeDataString(id)}?notice={notice}");
        });

        app.MapPost("/messages/{id}/reveal", async (string id, HttpContext http, IReviewStore store, ILogger<ReviewConsole> logger, CancellationToken cancellationToken) =>
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            if (!int.TryParse(form["finding"], out var index))
            {
                return Results.BadRequest();
            }
            var page = PageContext.For(http);
            var actor = page.Actor();
            var text = await store.RevealAsync(id, index, actor, form["reason"].ToString().Trim(), cancellationToken);
            if (text is null)
            {
                return Results.NotFound();
            }
            logger.LogInformation("Review reveal {QueueId} finding {Finding} by {Actor} from {Address}", id, index, actor.Name, actor.Address);
            // Rendered in the POST's answer, not redirected: the full text never sits in a URL or the history.
            return await RenderAsync(page, store, id, (index, text), null, cancellationToken);
        });
    }

    private static async Task<IResult> RenderAsync(
        PageContext page, IReviewStore store, string id, (int Index, string Text)? revealed, string? notice,
        CancellationToken cancellationToken, int status = StatusCodes.Status200OK)
    {
        var t = page.T;
        var message = await store.FindAsync(id, cancellationToken);
        if (message is null)
        {
            return Layout.Result(page, t["NotFound"], new Html().Add($"<h1>{t["NotFound"]}</h1><p><a href=\"/\">{t["Back"]}</a></p>"), StatusCodes.Status404NotFound);
        }
        var content = await MessageContent.LoadAsync(store, id, cancellationToken);
        var s = message.Summary;
        var state = s.State.ToString().ToLowerInvariant();
        var html = new Html().Add($"<p><a href=\"/\">{t["Back"]}</a></p><h1>{(s.Subject.Length > 0 ? s.Subject : s.Id)}</h1>");
        html.Add($"<p><strong>{t["State"]}:</strong> <span id=\"state\" data-state=\"{state}\">{t[state]}</span> · <strong>{t["Rule"]}:</strong> {s.Rule} · {s.Id}</p>");
        html.Append(QuarantineListPage.Notice(t, notice ?? page.Http.Request.Query["notice"]));
        html.Append(DecisionForm(page, message));
        html.Append(Findings(page, message, revealed));
        html.Append(MessageDetails.Envelope(page, message));
        if (content is null)
        {
            html.Add($"<p class=\"error\">{t["MessageGone"]}</p>");
        }
        else
        {
            html.Append(MessageDetails.Attachments(page, content));
            html.Append(MessageDetails.Preview(page, s.Id, content));
            html.Append(MessageDetails.Headers(page, content));
        }
        html.Append(MessageDetails.History(page, message.History));
        return Layout.Result(page, s.Subject.Length > 0 ? s.Subject : s.Id, html, status);
    }

    private static Html DecisionForm(PageContext page, HeldMessage message)
    {
        var t = page.T;
        var html = new Html();
        if (message.Summary.State is QuarantineState.Deleted or QuarantineState.Expired)
        {
            return html;
        }
        html.Add($"<form method=\"post\" action=\"/messages/{Uri.EscapeDataString(message.Summary.Id)}/decide\"><fieldset><legend>{t["Decide"]}</legend>");
        html.Add($"{page.TokenField()}<p>{t["DecideHint"]}</p><label>{t["Reason"]} <input name=\"reason\" required maxlength=\"500\"></label> ");
        if (message.Summary.State == QuarantineState.Held)
        {
            html.Add($"<button type=\"submit\" name=\"decision\" value=\"release\">{t["Release"]}</button> ");
            html.Add($"<button type=\"submit\" name=\"decision\" value=\"reject\">{t["Reject"]}</button> ");
        }
        html.Add($"<button type=\"submit\" name=\"decision\" value=\"delete\" class=\"danger\">{t["Delete"]}</button></fieldset></form>");
        return html;
    }

    private static Html Findings(PageContext page, HeldMessage message, (int Index, string Text)? revealed)
    {
        var t = page.T;
        var html = new Html().Add($"<h2>{t["WhyHeld"]}</h2><p><strong>{t["Rule"]}:</strong> {message.Summary.Rule}</p>");
        var groups = message.Findings.Select((f, i) => (Finding: f, Index: i)).GroupBy(x => x.Finding.Owner ?? "");
        foreach (var group in groups)
        {
            var owner = group.Key.Length == 0 ? t["NoOwner"]
                : Redactor.Redact(group.Key.Contains('@') && !group.Key.Contains(' ') ? FindingKind.Email : FindingKind.Person, group.Key);
            var third = group.Any(x => x.Finding.ThirdParty);
            html.Add($"<section class=\"owner\"><h3>{t["Owner"]}: {owner} <span class=\"{(third ? "third" : "")}\">({(third ? t["ThirdParty"] : t["Party"])})</span></h3>");
            html.Add($"<table><thead><tr><th>{t["Kind"]}</th><th>{t["Excerpt"]}</th><th>{t["Location"]}</th><th></th></tr></thead><tbody>");
            foreach (var (finding, index) in group)
            {
                html.Add($"<tr class=\"finding\" data-kind=\"{finding.Kind}\"><td>{finding.Kind}</td><td>{finding.Excerpt}</td><td>{finding.Location}</td><td>");
                if (revealed is { } r && r.Index == index)
                {
                    html.Add($"<div class=\"revealed\" role=\"status\"><small>{t["Revealed"]}</small><br><strong>{r.Text}</strong></div>");
                }
                else
                {
                    html.Add($"<form method=\"post\" action=\"/messages/{Uri.EscapeDataString(message.Summary.Id)}/reveal\">{page.TokenField()}");
                    html.Add($"<input type=\"hidden\" name=\"finding\" value=\"{index}\"><button type=\"submit\">{t["Reveal"]}</button></form>");
                }
                html.Add($"</td></tr>");
            }
            html.Add($"</tbody></table></section>");
        }
        if (message.OmittedFindings.Count > 0)
        {
            var kinds = string.Join(", ", message.OmittedFindings.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"));
            html.Add($"<p class=\"not-kept\">{t.Format("NotKept", message.OmittedFindings.Values.Sum(), kinds)}</p>");
        }
        return html;
    }
}
