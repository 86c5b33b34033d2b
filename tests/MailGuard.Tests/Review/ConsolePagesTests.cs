using System.Net;
using MailGuard.Review;
using MailGuard.Quarantine;

namespace MailGuard.Tests.Review;

/// <summary>What a signed-in reviewer sees and does, over HTTP against the running console.</summary>
public sealed class ConsolePagesTests
{
    private ReviewConsoleHost console = null!;
    private ConsoleClient client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        console = await ReviewConsoleHost.StartAsync(pageSize: 2);
        client = console.Client();
        await client.SignInAsync(ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword);
    }

    [TearDown]
    public async Task StopAsync()
    {
        client.Dispose();
        await console.DisposeAsync();
    }

    [Test]
    public async Task The_list_shows_held_mail_by_default_with_counts_per_state_and_pages()
    {
        var (_, first) = await client.GetAsync("/");
        Assert.That(first, Does.Contain("お見積りの件(転送)").And.Contain("Guest list for the spring event"));
        Assert.That(first, Does.Not.Contain("Price list"), "released mail is not in the default (held) view");
        Assert.That(first, Does.Contain("Held (3)").And.Contain("Released (1)").And.Contain("Any (4)"));
        Assert.That(first, Does.Contain("Page 1 of 2 (3 messages)").And.Contain("rel=\"next\""));

        var (_, second) = await client.GetAsync("/?state=held&page=2");
        Assert.That(second, Does.Contain("Newsletter &lt;b&gt;draft&lt;/b&gt;"), "the subject is encoded, not markup");
        Assert.That(second, Does.Not.Contain("お見積りの件"));
    }

    [Test]
    public async Task Later_pages_list_what_the_first_page_saw_while_new_mail_is_held()
    {
        var (_, first) = await client.GetAsync("/");
        Assert.That(first, Does.Contain("お見積りの件(転送)").And.Contain("Guest list for the spring event"));
        var next = Href(first, "next");

        SampleMail.Add(console.Store, "NEWER0001", SampleMail.Text("Mia Chen <mia.chen@example.com>", "buyer@partner.example", "Held while paging", "Hello"),
            "third-party-to-external", SampleMail.Now.AddMinutes(1), []);

        var (_, second) = await client.GetAsync(next);
        Assert.That(second, Does.Contain("Newsletter &lt;b&gt;draft&lt;/b&gt;"));
        Assert.That(second, Does.Not.Contain("Guest list for the spring event"), "a message of the first page is not listed again");
        Assert.That(second, Does.Not.Contain("Held while paging"));
        var (_, unpinned) = await client.GetAsync("/?state=held&page=2");
        Assert.That(unpinned, Does.Contain("Guest list for the spring event"), "without the pin the new message shifts the page");

        var (_, newest) = await client.GetAsync(Href(second, "first"));
        Assert.That(newest, Does.Contain("Held while paging").And.Contain("Page 1 of 2 (4 messages)"));
        Assert.That(Href(second, "prev"), Does.Contain("asof="), "going back keeps the pin");
    }

    private static string Href(string page, string rel)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, $"<a href=\"([^\"]+)\" rel=\"{rel}\">");
        Assert.That(match.Success, Is.True, $"a {rel} link");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [TestCase("/?state=any&kind=phone", new[] { "お見積りの件", "Guest list" }, new[] { "Newsletter", "Price list" })]
    [TestCase("/?state=any&domain=venue.example", new[] { "Guest list" }, new[] { "お見積りの件", "Price list" })]
    [TestCase("/?state=any&sender=aoi.ito", new[] { "Price list" }, new[] { "Guest list" })]
    [TestCase("/?state=any&rule=attachment-personal-data", new[] { "Guest list" }, new[] { "お見積りの件" })]
    [TestCase("/?state=released", new[] { "Price list" }, new[] { "Guest list" })]
    [TestCase("/?state=any&q=%E8%A6%8B%E7%A9%8D", new[] { "お見積りの件" }, new[] { "Guest list" })]
    [TestCase("/?state=any&from=2026-03-09&to=2026-03-09", new[] { "Guest list" }, new[] { "お見積りの件", "Price list" })]
    public async Task Filters_narrow_the_list(string path, string[] shown, string[] hidden)
    {
        var (_, body) = await client.GetAsync(path);
        Assert.That(shown, Is.All.Matches<string>(s => body.Contains(s, StringComparison.Ordinal)));
        Assert.That(hidden, Is.All.Matches<string>(s => !body.Contains(s, StringComparison.Ordinal)));
    }

    [Test]
    public async Task The_message_page_shows_envelope_attachments_and_redacted_findings_grouped_by_owner()
    {
        var (_, body) = await client.GetAsync($"/messages/{SampleMail.GuestList}");
        Assert.That(body, Does.Contain("mia.chen@example.com").And.Contain("events@venue.example"));
        Assert.That(body, Does.Contain("guests.csv").And.Contain("text/csv"));
        Assert.That(body, Does.Contain("attachment:guests.csv").And.Contain("attachment-personal-data"));
        Assert.That(body, Does.Contain("Owner: Marcus **"));
        Assert.That(WebUtility.HtmlDecode(body), Does.Contain("m***@client-b.example").And.Contain(MailGuard.Core.Redactor.RedactPhone("+1 212 555 0153")));
        Assert.That(body, Does.Not.Contain("+1 212 555 0153").And.Not.Contain("marcus.bell@"));
        Assert.That(body, Does.Contain("Hello,"), "the text view is the default preview");
        Assert.That(body, Does.Not.Contain("<iframe"));
    }

    [Test]
    public async Task Revealing_a_finding_is_a_post_that_is_audited_first()
    {
        var path = $"/messages/{SampleMail.JapaneseForward}";
        var (_, before) = await client.GetAsync(path);
        // The findings table shows only the redacted excerpt; the preview below it is the message as sent.
        var findings = before[before.IndexOf("Why it was held", StringComparison.Ordinal)..before.IndexOf("<h2>Envelope", StringComparison.Ordinal)];
        Assert.That(findings, Does.Not.Contain(SampleMail.ThirdPartyEmail).And.Contain("y***@client-a.example"));
        Assert.That(findings, Does.Contain("山田 **").And.Not.Contain(SampleMail.ThirdPartyName));

        var token = await client.TokenFromAsync(path);
        var (response, revealed) = await client.PostAsync(path + "/reveal", [new("__RequestVerificationToken", token), new("finding", "1")]);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(revealed, Does.Contain("<strong>" + SampleMail.ThirdPartyEmail + "</strong>"));
        var entry = console.Store.Audit.Single();
        Assert.That((entry.Actor, entry.Action, entry.MessageId), Is.EqualTo((ReviewConsoleHost.ReviewerName, "reveal", SampleMail.JapaneseForward)));
        Assert.That(entry.Address, Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task A_decision_needs_a_reason_and_a_second_click_is_a_no_op()
    {
        var path = $"/messages/{SampleMail.JapaneseForward}";
        var token = await client.TokenFromAsync(path);
        var (missing, body) = await client.PostAsync(path + "/decide", [new("__RequestVerificationToken", token), new("decision", "release"), new("reason", "  ")]);
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain("A reason is required"));
        Assert.That(console.Store.StateOf(SampleMail.JapaneseForward), Is.EqualTo(QuarantineState.Held));

        KeyValuePair<string, string>[] release = [new("__RequestVerificationToken", token), new("decision", "release"), new("reason", "the client agreed")];
        var (first, _) = await client.PostAsync(path + "/decide", release);
        var (second, _) = await client.PostAsync(path + "/decide", release);
        Assert.That(first.Headers.Location?.OriginalString, Does.EndWith("?notice=done"));
        Assert.That(second.Headers.Location?.OriginalString, Does.EndWith("?notice=already"));
        Assert.That(console.Store.Transitions, Is.EqualTo(new[] { (SampleMail.JapaneseForward, ReviewDecision.Release) }));
        var (_, after) = await client.GetAsync(first.Headers.Location!.OriginalString);
        Assert.That(after, Does.Contain("data-state=\"released\"").And.Contain("the client agreed").And.Contain("Done."));

        var (reject, _) = await client.PostAsync(path + "/decide", [new("__RequestVerificationToken", token), new("decision", "reject"), new("reason", "too late")]);
        Assert.That(reject.Headers.Location?.OriginalString, Does.EndWith("?notice=notallowed"));
    }

    [Test]
    public async Task Bulk_decisions_apply_to_the_selected_messages_with_one_reason()
    {
        var token = await client.TokenFromAsync("/");
        var (response, _) = await client.PostAsync("/bulk",
        [
            new("__RequestVerificationToken", token), new("back", "/?state=held"), new("decision", "reject"), new("reason", "personal data of clients"),
            new("id", SampleMail.GuestList), new("id", SampleMail.HostileHtml), new("id", SampleMail.AlreadyReleased),
        ]);
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/?state=held&notice=2%2C0%2C1"));
        Assert.That(console.Store.StateOf(SampleMail.GuestList), Is.EqualTo(QuarantineState.Rejected));
        Assert.That(console.Store.StateOf(SampleMail.HostileHtml), Is.EqualTo(QuarantineState.Rejected));
        Assert.That(console.Store.StateOf(SampleMail.AlreadyReleased), Is.EqualTo(QuarantineState.Released));
        Assert.That(console.Store.Audit.Select(a => a.Reason), Is.All.EqualTo("personal data of clients"));
        var (_, page) = await client.GetAsync(response.Headers.Location!.OriginalString);
        Assert.That(page, Does.Contain("2 done, 0 already done, 1 not possible."));

        var (noReason, _) = await client.PostAsync("/bulk",
            [new("__RequestVerificationToken", token), new("back", "/?state=any"), new("decision", "release"), new("reason", ""), new("id", SampleMail.JapaneseForward)]);
        Assert.That(noReason.Headers.Location?.OriginalString, Is.EqualTo("/?state=any&notice=reason"));
        Assert.That(console.Store.StateOf(SampleMail.JapaneseForward), Is.EqualTo(QuarantineState.Held));
    }

    [Test]
    public async Task Japanese_is_chosen_by_accept_language_and_the_toggle_is_remembered()
    {
        client.AcceptLanguage = "ja,en;q=0.5";
        var (_, ja) = await client.GetAsync("/");
        Assert.That(ja, Does.Contain("<html lang=\"ja\">").And.Contain("隔離メール").And.Contain("保留中 (3)"));

        var (_, en) = await client.GetAsync("/?lang=en");
        Assert.That(en, Does.Contain("<html lang=\"en\">").And.Contain("Quarantine"));
        var (_, remembered) = await client.GetAsync("/dashboard");
        Assert.That(remembered, Does.Contain("<h1>Dashboard</h1>"));
    }

    [Test]
    public async Task The_dashboard_draws_held_per_day_and_top_lists()
    {
        var (_, body) = await client.GetAsync("/dashboard");
        Assert.That(body, Does.Contain("<svg id=\"held-chart\""));
        Assert.That(body, Does.Contain("data-day=\"2026-03-10\" data-count=\"1\"").And.Contain("data-day=\"2026-03-09\" data-count=\"1\""));
        Assert.That(body, Does.Contain("data-day=\"2026-03-07\" data-count=\"1\"").And.Contain("data-day=\"2026-03-08\" data-count=\"0\""));
        Assert.That(body, Does.Contain(">third-party-to-external</a></td><td>3</td>"));
        Assert.That(body, Does.Contain(">venue.example</a></td><td>1</td>"));
    }

    [Test]
    public async Task Metrics_are_in_prometheus_format_for_a_session_or_the_scraper_token()
    {
        var (response, body) = await client.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(body, Does.Contain("# TYPE mailguard_receive_messages_total counter"));
        Assert.That(body, Does.Contain("# TYPE mailguard_scan_duration_seconds histogram"));
        Assert.That(body, Does.Contain("mailguard_quarantine_held_messages 3"));

        using var scraper = console.Client();
        var (scraped, _) = await scraper.GetAsync("/metrics", bearer: ReviewConsoleHost.MetricsToken);
        Assert.That(scraped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_audit_log_filters_by_actor_and_action()
    {
        var token = await client.TokenFromAsync("/");
        await client.PostAsync($"/messages/{SampleMail.GuestList}/decide", [new("__RequestVerificationToken", token), new("decision", "reject"), new("reason", "client data")]);
        await client.PostAsync($"/messages/{SampleMail.JapaneseForward}/reveal", [new("__RequestVerificationToken", token), new("finding", "0")]);

        using var admin = console.Client();
        await admin.SignInAsync(ReviewConsoleHost.AdminName, ReviewConsoleHost.AdminPassword);
        var (_, all) = await admin.GetAsync("/audit");
        Assert.That(all, Does.Contain(">reject<").And.Contain(">reveal<"));
        var (_, rejects) = await admin.GetAsync("/audit?action=reject");
        Assert.That(rejects, Does.Contain(">reject<").And.Not.Contain(">reveal<"));
        var (_, nobody) = await admin.GetAsync("/audit?actor=someone.else");
        Assert.That(nobody, Does.Contain("No entries."));
    }
}
