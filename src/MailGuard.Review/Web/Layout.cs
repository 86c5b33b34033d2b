using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MailGuard.Review.Web;

/// <summary>What every page needs to render: the request, its language, its anti-forgery token and the time zone.</summary>
internal sealed class PageContext
{
    private readonly string token;

    private PageContext(HttpContext http, Texts texts, string token, TimeZoneInfo zone)
    {
        Http = http;
        T = texts;
        this.token = token;
        Zone = zone;
    }

    public HttpContext Http { get; }

    public Texts T { get; }

    public TimeZoneInfo Zone { get; }

    public string UserName => Http.User.Identity?.Name ?? "";

    public bool IsAdmin => Http.User.IsInRole(ReviewRoles.Admin);

    public static PageContext For(HttpContext http)
    {
        var console = http.RequestServices.GetRequiredService<ConsoleSettings>();
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new PageContext(http, Texts.Resolve(http, console.SecureCookies), tokens.RequestToken ?? "", console.Zone);
    }

    /// <summary>The hidden field every form carries; the anti-forgery middleware rejects a POST without it.</summary>
    public Html TokenField() => new Html().Add($"<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{token}\">");

    public string Time(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public ReviewActor Actor() => new(UserName, Http.Connection.RemoteIpAddress?.ToString());
}

/// <summary>The page chrome: navigation, language toggle, sign-out, and the one stylesheet (inline, allowed by its hash).</summary>
internal static class Layout
{
    public const string Css = """
        body{font-family:system-ui,"Hiragino Sans","Noto Sans CJK JP",sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
        header{background:#1d3557;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff}header .who{margin-left:auto;font-size:.9rem}header form{display:inline}
        main{padding:1rem;max-width:80rem;margin:auto}
        table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #dde3ea;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef2f6}fieldset{border:1px solid #cfd8e3;background:#fff;margin:0 0 1rem}
        .filters label{display:inline-block;margin:.2rem .6rem .2rem 0}.counts a{margin-right:.8rem}
        .notice{background:#e7f5e9;border:1px solid #9bd3a5;padding:.5rem}.error{background:#fdecec;border:1px solid #e3a1a1;padding:.5rem}
        .kind{display:inline-block;background:#e3ebf6;border-radius:.3rem;padding:0 .3rem;margin:0 .2rem .2rem 0;font-size:.85rem}
        .third{color:#a4161a;font-weight:600}pre{white-space:pre-wrap;background:#fff;border:1px solid #dde3ea;padding:.6rem}
        iframe{width:100%;height:28rem;border:1px solid #dde3ea;background:#fff}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
        button{cursor:pointer}.danger{color:#a4161a}.signin{max-width:22rem;margin:3rem auto}.signin input{width:100%;box-sizing:border-box;margin-bottom:.6rem}
        """;

    /// <summary>The CSP source that allows exactly <see cref="Css"/> and no other inline style.</summary>
    public static readonly string CssHash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css))) + "'";

    public static string Page(PageContext page, string title, Html body)
    {
        var t = page.T;
        var html = new Html();
        html.Add($"<!DOCTYPE html><html lang=\"{t.Language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Add($"<title>{title} – {t["AppName"]}</title><style>");
        html.AppendLiteral(Css);
        html.Add($"</style></head><body><header><strong>{t["AppName"]}</strong>");
        if (page.Http.User.Identity?.IsAuthenticated == true)
        {
            html.Add($"<a href=\"/\">{t["Quarantine"]}</a><a href=\"/dashboard\">{t["Dashboard"]}</a>");
            if (page.IsAdmin)
            {
                html.Add($"<a href=\"/audit\">{t["Audit"]}</a>");
            }
            var role = page.Http.User.FindFirst(ClaimTypes.Role)?.Value ?? "";
            html.Add($"<span class=\"who\">{t.Format("SignedInAs", page.UserName, role)}</span>");
            html.Add($"<form method=\"post\" action=\"/signout\">{page.TokenField()}<button type=\"submit\">{t["SignOut"]}</button></form>");
        }
        html.Add($"<a href=\"{LanguageLink(page)}\" lang=\"{t.OtherLanguage}\">{t["Language"]}</a></header><main>{body}</main></body></html>");
        return html.ToString();
    }

    public static IResult Result(PageContext page, string title, Html body, int status = StatusCodes.Status200OK) =>
        Results.Content(Page(page, title, body), "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>The current page in the other language (path and query kept, <c>lang</c> replaced).</summary>
    private static string LanguageLink(PageContext page)
    {
        var request = page.Http.Request;
        var query = request.Query.Where(q => q.Key != "lang").SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")));
        var kept = string.Join("&", query);
        var path = request.Method == HttpMethods.Get ? request.Path.Value ?? "/" : "/";
        return path + "?" + (kept.Length > 0 ? kept + "&" : "") + "lang=" + page.T.OtherLanguage;
    }
}
