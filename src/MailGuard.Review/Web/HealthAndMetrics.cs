using System.Security.Cryptography;
using System.Text;
using MailGuard.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace MailGuard.Review.Web;

/// <summary><c>/health</c> for load balancers (open) and <c>/metrics</c> for Prometheus (a session or the bearer token).</summary>
internal static class HealthAndMetrics
{
    public static void MapHealthAndMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (IReviewStore store, CancellationToken cancellationToken) =>
        {
            // Healthy means the store answers: a console that cannot read the quarantine is of no use.
            try
            {
                await store.ListAsync(new HeldQuery { PageSize = 1 }, cancellationToken);
                return Results.Text("ok\n", "text/plain");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Results.Text("store unavailable\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous();

        app.MapGet("/metrics", async (HttpContext http, IReviewStore store, ConsoleSettings settings, CancellationToken cancellationToken) =>
        {
            if (http.User.Identity?.IsAuthenticated != true && !HasToken(http, settings.MetricsToken))
            {
                return Results.Unauthorized();
            }
            var held = await store.ListAsync(new HeldQuery { State = QuarantineState.Held, PageSize = 1 }, cancellationToken);
            RelayMetrics.HeldNow.Set(held.Total);
            using var buffer = new MemoryStream();
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(buffer, cancellationToken);
            return Results.Bytes(buffer.ToArray(), "text/plain; version=0.0.4; charset=utf-8");
        }).AllowAnonymous();
    }

    private static bool HasToken(HttpContext http, string token)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (token.Length == 0 || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..]), Encoding.UTF8.GetBytes(token));
    }
}
