using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailGuard.Review;
using Microsoft.Playwright;

namespace MailGuard.Tests.Review;

/// <summary>A reviewer's path through the console in a real browser, and the HTML preview's isolation.</summary>
[NonParallelizable]
public sealed class ReviewConsoleBrowserTests
{
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    [OneTimeSetUp]
    public async Task LaunchAsync() => (playwright, browser) = await BrowserSession.LaunchAsync();

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }

    [Test]
    public async Task A_reviewer_signs_in_finds_a_held_message_sees_its_findings_and_releases_it()
    {
        await using var console = await ReviewConsoleHost.StartAsync();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(console.BaseAddress + "dashboard");
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/signin"));
        await BrowserSession.SignInAsync(page, console.BaseAddress, ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("review-list.png"), FullPage = true });

        await page.Locator("input[name=q]").FillAsync("見積");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        var rows = page.Locator("tbody tr[data-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = "お見積りの件(転送)" }).ClickAsync();

        var findings = page.Locator("tr.finding");
        await Assertions.Expect(findings).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("section.owner h3")).ToContainTextAsync("山田 **");
        await Assertions.Expect(findings.Nth(1)).ToContainTextAsync("y***@client-a.example");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("review-message.png"), FullPage = true });

        var decision = page.Locator("form[action$='/decide']");
        await decision.Locator("input[name=reason]").FillAsync("The client agreed to share the contact");
        await decision.Locator("button[value=release]").ClickAsync();
        await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "released");
        await Assertions.Expect(page.Locator("p.notice")).ToHaveTextAsync("Done.");
        Assert.That(console.Store.Transitions, Is.EqualTo(new[] { (SampleMail.JapaneseForward, ReviewDecision.Release) }));
        Assert.That(console.Store.Audit.Single().Reason, Is.EqualTo("The client agreed to share the contact"));
    }

    [Test]
    public async Task The_html_preview_runs_no_script_and_loads_nothing_remote()
    {
        using var remote = new ConnectionCounter();
        await using var console = await ReviewConsoleHost.StartAsync(seed: store => SampleMail.Seed(store, remote.BaseUrl));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        var dialogs = 0;
        page.Dialog += (_, _) => dialogs++;

        await BrowserSession.SignInAsync(page, console.BaseAddress, ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword);
        await page.GotoAsync($"{console.BaseAddress}messages/{SampleMail.HostileHtml}?view=html");
        var frame = page.FrameLocator("#html-preview");
        await Assertions.Expect(frame.Locator("#headline")).ToHaveTextAsync("Spring newsletter");
        await frame.Locator("#jslink").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var preview = page.Frames.Single(f => f.Url.EndsWith("/html", StringComparison.Ordinal));
        Assert.That(await preview.TitleAsync(), Is.EqualTo("original"), "no script, event handler or javascript: link ran in the preview");
        Assert.That(await page.EvaluateAsync<bool>("() => window.pwned === true"), Is.False);
        Assert.That(requested, Has.Some.EndsWith($"/messages/{SampleMail.HostileHtml}/html"), "the listener sees the preview's own request");
        Assert.That(remote.Connections, Is.Zero);
        Assert.That(requested, Has.None.StartsWith(remote.BaseUrl));
        Assert.That(remote.Connections, Is.Zero);
        Assert.That(dialogs, Is.Zero);

        // Control: the same HTML outside the console does run its script and reach the remote host,
        // so the checks above would have caught a preview that let it.
        var control = await context.NewPageAsync();
        var message = await console.Store.OpenMessageAsync(SampleMail.HostileHtml, CancellationToken.None);
        var html = (await MimeKit.MimeMessage.LoadAsync(message!)).HtmlBody;
        await control.SetContentAsync(html!);
        // Waited for as what they are, not as "network idle": that wait is an event the client can miss (playwright-dotnet#3364).
        await Assertions.Expect(control).ToHaveTitleAsync(new Regex("^pwned"));
        for (var deadline = DateTime.UtcNow.AddSeconds(30); remote.Connections == 0 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
        }
        Assert.That(remote.Connections, Is.Positive);
    }

    /// <summary>A "remote" host on a free local port that counts the connections made to it and answers 404.</summary>
    private sealed class ConnectionCounter : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private int connections;

        public ConnectionCounter()
        {
            listener.Start();
            _ = AcceptAsync();
        }

        public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        public int Connections => Volatile.Read(ref connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref connections);
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    await stream.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false);
                    await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or IOException)
            {
                // Stopped.
            }
        }

        public void Dispose() => listener.Stop();
    }
}
