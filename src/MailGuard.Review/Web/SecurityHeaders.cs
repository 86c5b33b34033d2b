using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace MailGuard.Review.Web;

/// <summary>
/// Headers on every response: a strict Content-Security-Policy (only the layout's own stylesheet, frames from this
/// console only), no framing by others, no sniffing, no referrer, and no caching of pages that show held mail.
/// The HTML preview sets its own, stricter policy before this runs.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ConsolePolicy =
        "default-src 'none'; img-src 'self' data:; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; style-src ";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.TryAdd("Content-Security-Policy", ConsolePolicy + Layout.CssHash);
            headers.TryAdd("X-Frame-Options", "DENY");
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cache-Control"] = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>Every POST must carry the anti-forgery token of its form; one place, so no form can forget it.</summary>
internal sealed class AntiforgeryCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("Bad request: the form is missing its anti-forgery token or it expired. Reload the page.");
                return;
            }
        }
        await next(context);
    }
}
