using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using MailGuard.Quarantine;

namespace MailGuard.Review.Web;

/// <summary>The quarantine list: filters, search, counts per state, paging, and bulk release/reject with a reason.</summary>
internal static class QuarantineListPage
{
    public static void MapQuarantineList(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (HttpContext http, IReviewStore store, ConsoleSettings settings, CancellationToken cancellationToken) =>
        {
            var page = PageContext.For(http);
            var filters = ListFilters.Read(http.Request.Query);
            var result = await store.ListAsync(filters.ToQuery(page.Zone, settings.PageSize), cancellationToken);
            return Layout.Result(page, page.T["Quarantine"], Render(page, filters, result, settings.PageSize, http.Request.Query["notice"]));
        });

        app.MapPost("/bulk", async (HttpContext http, IReviewStore store, ILogger<ReviewConsole> logger, CancellationToken cancellationToken) =>
        {
            var form = await http.Request.ReadFormAsync(cancellationToken);
            var back = form["back"].ToString();
            back = SignInEndpoints.IsLocal(back) && back.StartsWith("/?", StringComparison.Ordinal) ? back : "/?state=held";
            var reason = form["reason"].ToString().Trim();
            var ids = form["id"].Where(id => !string.IsNullOrEmpty(id)).Select(id => id!).Distinct().ToList();
            if (!Enum.TryParse<ReviewDecision>(form["decision"], ignoreCase: true, out var decision) || decision == ReviewDecision.Delete)
            {
                return Results.BadRequest();
            }
            if (reason.Length == 0 || ids.Count == 0)
            {
                return Results.Redirect(back + "&notice=" + (reason.Length == 0 ? "reason" : "none"));
            }
            var actor = PageContext.For(http).Actor();
            var counts = new int[4];
            foreach (var id in ids)
            {
                var outcome = await store.DecideAsync(id, decision, actor, reason, cancellationToken);
                counts[(int)outcome]++;
                logger.LogInformation("Review {Decision} {QueueId} by {Actor} from {Address}: {Outcome}", decision, id, actor.Name, actor.Address, outcome);
            }
            var notice = string.Join(",", counts[(int)DecisionOutcome.Done], counts[(int)DecisionOutcome.AlreadyDone], counts[(int)DecisionOutcome.NotAllowed] + counts[(int)DecisionOutcome.NotFound]);
            return Results.Redirect(back + "&notice=" + Uri.EscapeDataString(notice));
        });
    }

    private static Html Render(PageContext page, ListFilters filters, HeldPage result, int pageSize, string? notice)
    {
        var t = page.T;
        var html = new Html().Add($"<h1>{t["Quarantine"]}</h1>");
        html.Append(Notice(t, notice));
        html.Add($"<p class=\"counts\"><a href=\"{filters.Link(state: "any")}\">{t["Any"]} ({result.CountsByState.Values.Sum()})</a>");
        foreach (var state in Enum.GetValues<QuarantineState>())
        {
            var name = state.ToString().ToLowerInvariant();
            result.CountsByState.TryGetValue(state, out var count);
            html.Add($"<a href=\"{filters.Link(state: name)}\" data-state=\"{name}\">{t[name]} ({count})</a>");
        }
        html.Add($"</p>");
        html.Append(FilterForm(page, filters));

        var pages = Math.Max(1, (result.Total + pageSize - 1) / pageSize);
        var back = filters.Link();
        html.Add($"<form method=\"post\" action=\"/bulk\">{page.TokenField()}<input type=\"hidden\" name=\"back\" value=\"{back}\">");
        html.Add($"<table><thead><tr><th>{t["Select"]}</th><th>{t["HeldAt"]}</th><th>{t["Sender"]}</th><th>{t["Recipients"]}</th>");
        html.Add($"<th>{t["Subject"]}</th><th>{t["Rule"]}</th><th>{t["Findings"]}</th><th>{t["Size"]}</th><th>{t["State"]}</th></tr></thead><tbody>");
        foreach (var m in result.Items)
        {
            var state = m.State.ToString().ToLowerInvariant();
            html.Add($"<tr data-id=\"{m.Id}\"><td><input type=\"checkbox\" name=\"id\" value=\"{m.Id}\" aria-label=\"{t["Select"]} {m.Id}\"></td>");
            html.Add($"<td>{page.Time(m.HeldAt)}</td><td>{m.MailFrom}</td><td>{string.Join(", ", m.Recipients)}</td>");
            html.Add($"<td><a href=\"/messages/{Uri.EscapeDataString(m.Id)}\">{(m.Subject.Length > 0 ? m.Subject : "(" + m.Id + ")")}</a></td><td>{m.Rule}</td><td>");
            foreach (var kind in m.FindingKinds.Distinct())
            {
                html.Add($"<span class=\"kind\">{kind}</span>");
            }
            html.Add($"</td><td>{Kilobytes(m.Size)}</td><td>{t[state]}</td></tr>");
        }
        if (result.Items.Count == 0)
        {
            html.Add($"<tr><td colspan=\"9\">{t["NoMessages"]}</td></tr>");
        }
        html.Add($"</tbody></table><p>{t.Format("PageOf", filters.Page, pages, result.Total)} ");
        var paging = filters.PinnedTo(result.Items);
        if (filters.Page > 1)
        {
            html.Add($"<a href=\"{paging.Link(page: filters.Page - 1)}\" rel=\"prev\">{t["Previous"]}</a> ");
        }
        if (filters.Page < pages)
        {
            html.Add($"<a href=\"{paging.Link(page: filters.Page + 1)}\" rel=\"next\">{t["Next"]}</a>");
        }
        if (filters.AsOfInstant is { } asOf)
        {
            html.Add($" <span class=\"pinned\">{t.Format("PinnedBefore", page.Time(asOf))} <a href=\"{(filters with { AsOf = null }).Link(page: 1)}\" rel=\"first\">{t["ShowNewest"]}</a></span>");
        }
        html.Add($"</p><fieldset><legend>{t["Decide"]}</legend><label>{t["Reason"]} <input name=\"reason\" required maxlength=\"500\"></label> ");
        html.Add($"<button type=\"submit\" name=\"decision\" value=\"release\">{t["ReleaseSelected"]}</button> ");
        html.Add($"<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"danger\">{t["RejectSelected"]}</button></fieldset></form>");
        return html;
    }

    private static Html FilterForm(PageContext page, ListFilters f)
    {
        var t = page.T;
        var html = new Html().Add($"<form method=\"get\" action=\"/\" class=\"filters\"><fieldset><legend>{t["Filter"]}</legend>");
        html.Add($"<label>{t["State"]} <select name=\"state\"><option value=\"any\">{t["Any"]}</option>");
        foreach (var state in Enum.GetValues<QuarantineState>())
        {
            var name = state.ToString().ToLowerInvariant();
            html.Add($"<option value=\"{name}\"{Selected(f.State == name)}>{t[name]}</option>");
        }
        html.Add($"</select></label><label>{t["FindingKind"]} <select name=\"kind\"><option value=\"\">{t["Any"]}</option>");
        foreach (var kind in ListFilters.Kinds)
        {
            html.Add($"<option{Selected(f.Kind == kind)}>{kind}</option>");
        }
        html.Add($"</select></label>");
        html.Add($"<label>{t["Sender"]} <input name=\"sender\" value=\"{f.Sender}\"></label>");
        html.Add($"<label>{t["RecipientDomain"]} <input name=\"domain\" value=\"{f.Domain}\"></label>");
        html.Add($"<label>{t["Rule"]} <input name=\"rule\" value=\"{f.Rule}\"></label>");
        html.Add($"<label>{t["FromDate"]} <input type=\"date\" name=\"from\" value=\"{f.From}\"></label>");
        html.Add($"<label>{t["ToDate"]} <input type=\"date\" name=\"to\" value=\"{f.To}\"></label>");
        html.Add($"<label>{t["Search"]} <input type=\"search\" name=\"q\" value=\"{f.Search}\"></label>");
        html.Add($"<button type=\"submit\">{t["Filter"]}</button></fieldset></form>");
        return html;
    }

    /// <summary>The outcome of the last action, carried in <c>?notice=</c> after the redirect.</summary>
    public static Html Notice(Texts t, string? notice)
    {
        var html = new Html();
        var parts = notice?.Split(',') ?? [];
        if (parts.Length == 3 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return html.Add($"<p class=\"notice\" role=\"status\">{t.Format("BulkResult", parts[0], parts[1], parts[2])}</p>");
        }
        var (key, css) = notice switch
        {
            "done" => ("Done", "notice"),
            "already" => ("AlreadyDone", "notice"),
            "notallowed" => ("NotAllowed", "error"),
            "reason" => ("ReasonRequired", "error"),
            "none" => ("NothingSelected", "error"),
            _ => (null, null),
        };
        return key is null ? html : html.Add($"<p class=\"{css}\" role=\"status\">{t[key]}</p>");
    }

    private static Html Selected(bool selected) => selected ? new Html().Add($" selected") : new Html();

    public static string Kilobytes(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
}
