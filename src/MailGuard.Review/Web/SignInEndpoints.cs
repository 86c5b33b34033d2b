using System.Security.Claims;
using MailGuard.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Review.Web;

/// <summary>Sign-in with the accounts from configuration, lock-out after repeated failures, and sign-out.</summary>
internal static class SignInEndpoints
{
    // Verified when the name is unknown, so a wrong name costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString(), 10_000));

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext http) => Form(PageContext.For(http), null, StatusCodes.Status200OK)).AllowAnonymous();
        app.MapPost("/signin", SignInAsync).AllowAnonymous();
        app.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/signin");
        });
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, IOptions<ReviewOptions> options, SignInLockout lockout, ILogger<ReviewConsole> logger)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var name = form["name"].ToString().Trim();
        var password = form["password"].ToString();
        var page = PageContext.For(http);
        var address = http.Connection.RemoteIpAddress?.ToString();
        if (await lockout.IsLockedOutAsync(name, http.RequestAborted))
        {
            logger.LogWarning("Review sign-in refused for {User} from {Address}: locked out", name, address);
            return Form(page, page.T["LockedOut"], StatusCodes.Status429TooManyRequests);
        }
        var user = options.Value.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        var valid = PasswordHash.Verify(password, user?.PasswordHash ?? DummyHash.Value) && user is not null && name.Length > 0;
        if (!valid)
        {
            var locked = await lockout.RecordFailureAsync(name, http.RequestAborted);
            logger.LogWarning("Review sign-in failed for {User} from {Address}{Locked}", name, address, locked ? ": now locked out" : "");
            return locked
                ? Form(page, page.T["LockedOut"], StatusCodes.Status429TooManyRequests)
                : Form(page, page.T["SignInFailed"], StatusCodes.Status401Unauthorized);
        }
        await lockout.ResetAsync(name, http.RequestAborted);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user!.Name), new Claim(ClaimTypes.Role, user.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        logger.LogInformation("Review sign-in {User} ({Role}) from {Address}", user.Name, user.Role, address);
        var returnUrl = form["returnUrl"].ToString();
        return Results.Redirect(IsLocal(returnUrl) ? returnUrl : "/");
    }

    /// <summary>Only paths on this console: no open redirect through the sign-in page.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static IResult Form(PageContext page, string? error, int status)
    {
        var t = page.T;
        var returnUrl = page.Http.Request.HasFormContentType
            ? page.Http.Request.Form["returnUrl"].ToString()
            : page.Http.Request.Query["ReturnUrl"].ToString();
        var body = new Html().Add($"<form class=\"signin\" method=\"post\" action=\"/signin\"><h1>{t["SignIn"]}</h1>");
        if (error is not null)
        {
            body.Add($"<p class=\"error\" role=\"alert\">{error}</p>");
        }
        body.Add($"{page.TokenField()}<input type=\"hidden\" name=\"returnUrl\" value=\"{returnUrl}\">");
        body.Add($"<label>{t["UserName"]}<input name=\"name\" autocomplete=\"username\" required autofocus></label>");
        body.Add($"<label>{t["Password"]}<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>");
        body.Add($"<button type=\"submit\">{t["SignIn"]}</button></form>");
        return Layout.Result(page, t["SignIn"], body, status);
    }
}
