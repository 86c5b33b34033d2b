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
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
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
        await page.WaitForURLAsync(new Uri(console, "/").ToString());
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
