using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MailGuard.Review.Web;

/// <summary>The audit log (admins only, filterable) and the dashboard (held per day as inline SVG, top lists).</summary>
internal static class AuditAndDashboard
{
    private const int DashboardDays = 30;

    public static void MapAuditAndDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit", async (HttpContext http, IReviewStore store, ConsoleSettings settings, CancellationToken cancellationToken) =>
        {
            var page = PageContext.For(http);
            var q = http.Request.Query;
            var pageNumber = int.TryParse(q["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
            var (actor, action, message, from, to) = (q["actor"].ToString().Trim(), q["action"].ToString().Trim(), q["message"].ToString().Trim(), q["from"].ToString(), q["to"].ToString());
            var result = await store.AuditAsync(new AuditQuery
            {
                Actor = actor.Length > 0 ? actor : null,
                Action = action.Length > 0 ? action : null,
                MessageId = message.Length > 0 ? message : null,
                From = ListFilters.StartOfDay(from, page.Zone, 0),
                To = ListFilters.StartOfDay(to, page.Zone, 1),
                Page = pageNumber,
                PageSize = settings.PageSize,
            }, cancellationToken);
            var t = page.T;
            var html = new Html().Add($"<h1>{t["Audit"]}</h1><form method=\"get\" action=\"/audit\" class=\"filters\"><fieldset><legend>{t["Filter"]}</legend>");
            html.Add($"<label>{t["Actor"]} <input name=\"actor\" value=\"{actor}\"></label><label>{t["Action"]} <input name=\"action\" value=\"{action}\"></label>");
            html.Add($"<label>{t["Message"]} <input name=\"message\" value=\"{message}\"></label>");
            html.Add($"<label>{t["FromDate"]} <input type=\"date\" name=\"from\" value=\"{from}\"></label><label>{t["ToDate"]} <input type=\"date\" name=\"to\" value=\"{to}\"></label>");
            html.Add($"<button type=\"submit\">{t["Filter"]}</button></fieldset></form>");
            html.Append(MessageDetails.AuditTable(page, result.Items, showMessage: true));
            var pages = Math.Max(1, (result.Total + settings.PageSize - 1) / settings.PageSize);
            var keep = $"actor={Uri.EscapeDataString(actor)}&action={Uri.EscapeDataString(action)}&message={Uri.EscapeDataString(message)}&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}";
            html.Add($"<p>{pageNumber} / {pages} ({result.Total}) ");
            if (pageNumber > 1)
            {
                html.Add($"<a href=\"/audit?{keep}&page={pageNumber - 1}\" rel=\"prev\">{t["Previous"]}</a> ");
            }
            if (pageNumber < pages)
            {
                html.Add($"<a href=\"/audit?{keep}&page={pageNumber + 1}\" rel=\"next\">{t["Next"]}</a>");
            }
            return Layout.Result(page, t["Audit"], html.Add($"</p>"));
        }).RequireAuthorization(ReviewRoles.Admin);

        app.MapGet("/dashboard", async (HttpContext http, IReviewStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var page = PageContext.For(http);
            var t = page.T;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), page.Zone).DateTime);
            var first = today.AddDays(1 - DashboardDays);
            var since = ListFilters.StartOfDay(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page.Zone, 0)!.Value;
            var figures = await store.DashboardAsync(since, page.Zone, cancellationToken);
            var html = new Html().Add($"<h1>{t["Dashboard"]}</h1><p class=\"counts\">");
            foreach (var state in Enum.GetValues<QuarantineState>())
            {
                var name = state.ToString().ToLowerInvariant();
                figures.CountsByState.TryGetValue(state, out var count);
                html.Add($"<a href=\"/?state={name}\">{t[name]}: {count}</a>");
            }
            html.Add($"</p><h2>{t["HeldPerDay"]}</h2>").Append(Chart(first, figures.HeldPerDay));
            html.Add($"<div class=\"grid\">").Append(Top(t, t["TopRules"], t["Rule"], figures.TopRules, "rule"))
                .Append(Top(t, t["TopSenders"], t["Sender"], figures.TopSenders, "sender"))
                .Append(Top(t, t["TopDomains"], t["RecipientDomain"], figures.TopRecipientDomains, "domain")).Add($"</div>");
            return Layout.Result(page, t["Dashboard"], html);
        });
    }

    /// <summary>One bar per day, oldest left; each bar has a title with its date and count.</summary>
    private static Html Chart(DateOnly first, IReadOnlyList<(DateOnly Day, int Count)> perDay)
    {
        const int width = 900, height = 200, top = 10, bottom = 30;
        var counts = perDay.ToDictionary(d => d.Day, d => d.Count);
        var max = Math.Max(1, counts.Values.DefaultIfEmpty(0).Max());
        var slot = width / (double)DashboardDays;
        var html = new Html().Add($"<svg id=\"held-chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">");
        html.Add($"<line x1=\"0\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\" stroke=\"#8a99ab\"/>");
        html.Add($"<text x=\"2\" y=\"{top + 10}\" font-size=\"12\" fill=\"#52606d\">{max}</text>");
        for (var i = 0; i < DashboardDays; i++)
        {
            var day = first.AddDays(i);
            counts.TryGetValue(day, out var count);
            var barHeight = (height - top - bottom) * count / (double)max;
            var x = (i * slot) + 2;
            var y = height - bottom - barHeight;
            var label = day.ToString("MM-dd", CultureInfo.InvariantCulture);
            html.Add($"<rect class=\"bar\" data-day=\"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\" data-count=\"{count}\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{slot - 4:0.#}\" height=\"{barHeight:0.#}\" fill=\"#457b9d\"><title>{label}: {count}</title></rect>");
            if (i % 5 == 0)
            {
                html.Add($"<text x=\"{x:0.#}\" y=\"{height - 10}\" font-size=\"12\" fill=\"#52606d\">{label}</text>");
            }
        }
        return html.Add($"</svg>");
    }

    private static Html Top(Texts t, string title, string column, IReadOnlyList<NamedCount> rows, string filter)
    {
        var html = new Html().Add($"<section><h2>{title}</h2><table><thead><tr><th>{column}</th><th>{t["Count"]}</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Add($"<tr><td><a href=\"/?state=any&{filter}={Uri.EscapeDataString(row.Name)}\">{row.Name}</a></td><td>{row.Count}</td></tr>");
        }
        if (rows.Count == 0)
        {
            html.Add($"<tr><td colspan=\"2\">{t["NoEntries"]}</td></tr>");
        }
        return html.Add($"</tbody></table></section>");
    }
}
