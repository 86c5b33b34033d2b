using System.Security.Cryptography.X509Certificates;
using MailGuard.Review.Web;
using MailGuard.Scan.Extract;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Review;

/// <summary>
/// The review console as a hosted service: it builds and runs its own Kestrel application on <c>Review:Urls</c>,
/// borrowing the store, options, clock and logging from the host that runs the relay.
/// </summary>
public sealed class ReviewConsole(IServiceProvider outer, IOptions<ReviewOptions> options, IConfiguration configuration, ILogger<ReviewConsole> logger)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The addresses the console listens on once started (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        EncodingSupport.EnsureRegistered();
        app = Build();
        await app.StartAsync(cancellationToken);
        Addresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
        logger.LogInformation("Review console listening on {Urls}", string.Join(", ", Addresses));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
    }

    private WebApplication Build()
    {
        var settings = options.Value;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ReviewConsole).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, FollowingLifetime>();
        builder.Services.AddSingleton(outer.GetRequiredService<ILoggerFactory>());
        builder.Services.AddSingleton(outer.GetRequiredService<IReviewStore>());
        builder.Services.AddSingleton(outer.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(outer.GetRequiredService<SignInLockout>());
        builder.Services.AddSingleton(new ConsoleSettings(settings));

        builder.WebHost.UseUrls(settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (settings.CertificatePath.Length > 0)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath, settings.CertificatePassword);
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
        }

        var keys = settings.KeysDirectory.Length > 0
            ? settings.KeysDirectory
            : Path.Combine(configuration["DataDirectory"] is { Length: > 0 } data ? data : "data", "review-keys");
        builder.Services.AddDataProtection().SetApplicationName("MailGuard.Review").PersistKeysToFileSystem(new DirectoryInfo(keys));

        var secure = settings.CookieSecure == "Always" ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(c =>
        {
            c.Cookie.Name = "mailguard-review";
            c.Cookie.HttpOnly = true;
            c.Cookie.SecurePolicy = secure;
            c.Cookie.SameSite = SameSiteMode.Strict;
            c.ExpireTimeSpan = TimeSpan.FromMinutes(settings.SessionMinutes);
            c.SlidingExpiration = true;
            c.LoginPath = "/signin";
            c.LogoutPath = "/signout";
            c.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ReviewRoles.Admin, p => p.RequireRole(ReviewRoles.Admin));
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "mailguard-antiforgery";
            // Antiforgery refuses a Secure cookie over plain http even on 127.0.0.1; its token is worthless without the session.
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.FormFieldName = "__RequestVerificationToken";
        });

        var web = builder.Build();
        web.UseMiddleware<SecurityHeaders>();
        web.UseAuthentication();
        web.UseAuthorization();
        web.UseMiddleware<AntiforgeryCheck>();
        web.MapSignIn();
        web.MapHealthAndMetrics();
        web.MapQuarantineList();
        web.MapMessagePage();
        web.MapAuditAndDashboard();
        return web;
    }
}

/// <summary>The console's settings as the pages use them, resolved once at start.</summary>
internal sealed class ConsoleSettings(ReviewOptions options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    public bool SecureCookies { get; } = options.CookieSecure == "Always";

    public int PageSize { get; } = options.PageSize;

    public int PreviewCharacters { get; } = options.PreviewCharacters;

    public string MetricsToken { get; } = options.MetricsToken;
}
