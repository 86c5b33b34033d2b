using Microsoft.Playwright;

namespace MailGuard.Tests.Review;

/// <summary>Debian's Chromium driven by Playwright; Playwright never downloads a browser of its own here.</summary>
internal static class BrowserSession
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Assert.That(File.Exists(ChromiumPath), Is.True, $"{ChromiumPath} is missing: apt-get install -y chromium (.ci/run does it)");
        // Playwright's expectations give up after 5 s by default: a page that renders in 50 ms on a quiet machine can
        // take longer on one at a load of 20. The bound only says how long a real failure takes to show.
        Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 90_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>Signs in through the form, as a reviewer would.</summary>
    public static async Task SignInAsync(IPage page, Uri console, string name, string password)
    {
        await page.GotoAsync(new Uri(console, "/").ToString());
        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("form.signin button[type=submit]").ClickAsync();
        // Not WaitForURLAsync: when the address already matches, it checks for "load" and then subscribes to the event,
        // and a "load" that lands in between is lost: a 30 s timeout on a loaded machine (playwright-dotnet#3364).
        // The assertion asks the driver, which polls the page itself: no event to miss.
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(console, "/").ToString());
    }

    /// <summary>Where screenshots go: <c>MAILGUARD_SCREENSHOTS</c> (docs/ when refreshing them), else the test's work folder.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Environment.GetEnvironmentVariable("MAILGUARD_SCREENSHOTS") is { Length: > 0 } given
            ? given
            : Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
