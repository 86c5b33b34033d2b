using System.Net;
using MailGuard.Review;

namespace MailGuard.Tests.Review;

/// <summary>The console's access rules, probed with plain HTTP against the running console.</summary>
public sealed class ConsoleSecurityTests
{
    private ReviewConsoleHost console = null!;

    [SetUp]
    public async Task StartAsync() => console = await ReviewConsoleHost.StartAsync();

    [TearDown]
    public async Task StopAsync() => await console.DisposeAsync();

    private static readonly string[] ProtectedPages =
    [
        "/", "/?state=any", "/dashboard", "/audit", $"/messages/{SampleMail.JapaneseForward}",
        $"/messages/{SampleMail.HostileHtml}/html", "/no-such-page",
    ];

    [TestCaseSource(nameof(ProtectedPages))]
    public async Task Pages_without_a_session_redirect_to_sign_in(string path)
    {
        using var client = console.Client();
        var (response, body) = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/signin"));
        Assert.That(body, Does.Not.Contain("お見積り").And.Not.Contain("Newsletter"));
    }

    [Test]
    public async Task Metrics_without_a_session_or_token_is_401()
    {
        using var client = console.Client();
        Assert.That((await client.GetAsync("/metrics")).Response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await client.GetAsync("/metrics", bearer: "wrong")).Response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static readonly string[] Actions =
    [
        "/bulk", $"/messages/{SampleMail.JapaneseForward}/decide", $"/messages/{SampleMail.JapaneseForward}/reveal", "/signout",
    ];

    [TestCaseSource(nameof(Actions))]
    public async Task Actions_without_a_session_change_nothing(string path)
    {
        using var client = console.Client();
        // A valid token from the sign-in page, so that the missing session is the only thing wrong.
        var token = await client.TokenFromAsync("/signin");
        var (response, body) = await client.PostAsync(path,
        [
            new("__RequestVerificationToken", token), new("id", SampleMail.JapaneseForward), new("decision", "release"),
            new("reason", "ok"), new("finding", "0"),
        ]);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect).Or.EqualTo(HttpStatusCode.Unauthorized).Or.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(body, Does.Not.Contain(SampleMail.ThirdPartyName));
        Assert.That(console.Store.Transitions, Is.Empty);
        Assert.That(console.Store.Audit, Is.Empty);
    }

    [Test]
    public async Task Health_and_sign_in_are_open()
    {
        using var client = console.Client();
        var (health, text) = await client.GetAsync("/health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(text, Is.EqualTo("ok\n"));
        Assert.That((await client.GetAsync("/signin")).Response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_reviewer_cannot_open_the_audit_log_and_an_admin_can()
    {
        using var reviewer = console.Client();
        await reviewer.SignInAsync(ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword);
        var (denied, page) = await reviewer.GetAsync("/audit");
        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await reviewer.GetAsync("/")).Body, Does.Not.Contain("href=\"/audit\""));

        using var admin = console.Client();
        await admin.SignInAsync(ReviewConsoleHost.AdminName, ReviewConsoleHost.AdminPassword);
        var (allowed, body) = await admin.GetAsync("/audit");
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("<h1>Audit log</h1>"));
        Assert.That(page, Does.Not.Contain("<h1>Audit log</h1>"));
    }

    [Test]
    public async Task A_post_without_the_anti_forgery_token_fails_even_with_a_session()
    {
        using var client = console.Client();
        await client.SignInAsync(ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword);
        var path = $"/messages/{SampleMail.JapaneseForward}/decide";
        var (response, _) = await client.PostAsync(path, [new("decision", "release"), new("reason", "checked with the sender")]);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var (forged, _) = await client.PostAsync(path, [new("__RequestVerificationToken", "forged"), new("decision", "release"), new("reason", "x")]);
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(console.Store.StateOf(SampleMail.JapaneseForward), Is.EqualTo(QuarantineState.Held));

        var token = await client.TokenFromAsync($"/messages/{SampleMail.JapaneseForward}");
        var (accepted, _) = await client.PostAsync(path, [new("__RequestVerificationToken", token), new("decision", "release"), new("reason", "checked with the sender")]);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(console.Store.StateOf(SampleMail.JapaneseForward), Is.EqualTo(QuarantineState.Released));
    }

    [Test]
    public async Task Repeated_failures_lock_the_account_until_the_lockout_ends()
    {
        using var client = console.Client();
        for (var i = 1; i < 5; i++)
        {
            Assert.That((await client.SignInAsync(ReviewConsoleHost.ReviewerName, "wrong " + i)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        Assert.That((await client.SignInAsync(ReviewConsoleHost.ReviewerName, "wrong 5")).StatusCode, Is.EqualTo((HttpStatusCode)429));
        // Locked: even the right password is refused, and no session cookie is issued.
        Assert.That((await client.SignInAsync(ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword)).StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That((await client.GetAsync("/")).Response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        // Another account is not affected.
        using var admin = console.Client();
        Assert.That((await admin.SignInAsync(ReviewConsoleHost.AdminName, ReviewConsoleHost.AdminPassword)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        console.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.That((await client.SignInAsync(ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await client.GetAsync("/")).Response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_names_get_the_same_answer_as_wrong_passwords()
    {
        using var client = console.Client();
        var unknown = await client.SignInAsync("nobody", "whatever");
        var wrong = await client.SignInAsync(ReviewConsoleHost.AdminName, "whatever");
        Assert.That(unknown.StatusCode, Is.EqualTo(wrong.StatusCode).And.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Session_cookie_is_secure_http_only_and_same_site_strict_and_sign_out_ends_it()
    {
        using var client = console.Client();
        var response = await client.SignInAsync(ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword);
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
        var session = client.SetCookies.Single(c => c.StartsWith("mailguard-review=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.That(session, Does.Contain("secure").And.Contain("httponly").And.Contain("samesite=strict"));

        var token = await client.TokenFromAsync("/");
        var (signedOut, _) = await client.PostAsync("/signout", [new("__RequestVerificationToken", token)]);
        Assert.That(signedOut.Headers.Location?.OriginalString, Is.EqualTo("/signin"));
        Assert.That((await client.GetAsync("/")).Response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Sign_in_returns_only_to_local_paths()
    {
        using var client = console.Client();
        var token = await client.TokenFromAsync("/signin");
        var (response, _) = await client.PostAsync("/signin",
        [
            new("__RequestVerificationToken", token), new("name", ReviewConsoleHost.ReviewerName),
            new("password", ReviewConsoleHost.ReviewerPassword), new("returnUrl", "//evil.example/"),
        ]);
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task Pages_carry_a_strict_content_security_policy_and_the_preview_a_sandboxing_one()
    {
        using var client = console.Client();
        await client.SignInAsync(ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword);
        var (page, _) = await client.GetAsync("/");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(policy, Does.StartWith("default-src 'none'").And.Not.Contain("script-src").And.Not.Contain("unsafe"));
        Assert.That(page.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));

        var (preview, html) = await client.GetAsync($"/messages/{SampleMail.HostileHtml}/html");
        var previewPolicy = preview.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(previewPolicy, Does.StartWith("sandbox;").And.Contain("default-src 'none'").And.Contain("img-src data:").And.Not.Contain("script-src"));
        Assert.That(html, Does.Contain("<script>"), "the preview serves the body as sent; the policy and the sandbox make it inert");
    }
}
