using MailGuard.Core;
using MailGuard.Tests.Deliver;
using MailGuard.Tests.Relay;
using MailGuard.Tests.Scan.Extract;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Playwright;
using MimeKit;

namespace MailGuard.Tests.Review;

/// <summary>
/// Issue 6's story end to end: real SMTP into the running relay with the shipped rules, a held leak found, read and
/// released in the browser (delivered once), another rejected in the browser (the sender is told, nothing delivered).
/// </summary>
[NonParallelizable]
public sealed class HeldMailStoryBrowserTests
{
    // Generous, like the relay tests': the notices normally arrive at once; this only bounds how long a failure takes.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private const string Sender = "daniel.brooks@sakura-trading.example";
    private const string Colleague = "emily.carter@sakura-trading.example";
    private const string Client = "sarah.oneill@pinecrest.example.com";
    private const string ReleaseSubject = "Keynote speaker details (release case)";
    private const string RejectReason = "Speaker contacts may not leave the company";
    private const string RejectSubject = "Keynote speaker details (reject case)";

    [Test]
    public async Task A_leak_sent_over_smtp_is_held_released_in_the_browser_once_and_another_rejected_with_a_notice()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        var consolePort = TestUpstream.FreePort();
        await using var relay = await RelayFixture.StartAsync(upstream.Port,
            ("Policy:RulesFile", RepositoryFiles.Path("config/rules.yaml")),
            ("Organization:InternalDomains:0", "sakura-trading.example"),
            ("Organization:InternalDomains:1", "sakura-trading.example.jp"),
            ("Notify:TemplatesDirectory", RepositoryFiles.Path("config/templates")),
            ("Quarantine:OutboxInterval", "00:00:00.2"),
            ("Review:Urls", $"http://127.0.0.1:{consolePort}"),
            ("Review:Users:0:Name", ReviewConsoleHost.ReviewerName),
            ("Review:Users:0:Role", "reviewer"),
            ("Review:Users:0:PasswordHash", PasswordHash.Create(ReviewConsoleHost.ReviewerPassword, 1000)));
        var console = new Uri($"http://127.0.0.1:{consolePort}/");

        // (1) A leak to an external recipient over real SMTP: held, the sender told, nothing delivered.
        await SendLeakAsync(relay.Port, ReleaseSubject);
        Assert.That(await WaitUntilAsync(() => Notices(upstream, "sender-held").Count == 1), Is.True, "the sender's held notice");
        Assert.That(Delivered(upstream, ReleaseSubject), Is.Empty, "held, not delivered");

        var (playwright, browser) = await BrowserSession.LaunchAsync();
        try
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
            var page = await context.NewPageAsync();
            await BrowserSession.SignInAsync(page, console, ReviewConsoleHost.ReviewerName, ReviewConsoleHost.ReviewerPassword);

            // (2) Find it, open it, see its findings, release it with a reason: delivered exactly once.
            await OpenFromListAsync(page, console, ReleaseSubject);
            await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "held");
            Assert.That(await page.Locator("tr.finding").CountAsync(), Is.Positive, "why it was held: the findings");
            await DecideAsync(page, "release", "The venue contact is cleared to receive it");
            await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "released");

            Assert.That(await WaitUntilAsync(() => Delivered(upstream, ReleaseSubject).Count >= 1), Is.True, "the released message arrives");
            await Task.Delay(TimeSpan.FromSeconds(2)); // ten outbox rounds: time for a second copy, were there one
            var delivered = Delivered(upstream, ReleaseSubject);
            Assert.That(delivered, Has.Count.EqualTo(1), "released exactly once");
            Assert.That(delivered[0].MailFrom, Is.EqualTo(Sender));
            Assert.That(delivered[0].Recipients, Is.EquivalentTo(new[] { Colleague, Client }));

            // (3) Another leak, rejected in the browser: the sender's notice arrives, the message never does.
            await SendLeakAsync(relay.Port, RejectSubject);
            Assert.That(await WaitUntilAsync(() => Notices(upstream, "sender-held").Count == 2), Is.True, "the second held notice");
            await OpenFromListAsync(page, console, RejectSubject);
            await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "held");
            Assert.That(await page.Locator("tr.finding").CountAsync(), Is.Positive);
            await DecideAsync(page, "reject", RejectReason);
            await Assertions.Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "rejected");

            Assert.That(await WaitUntilAsync(() => Notices(upstream, "sender-reviewer-rejected").Count >= 1), Is.True, "the sender's rejection notice");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var rejected = Notices(upstream, "sender-reviewer-rejected");
            Assert.That(rejected, Has.Count.EqualTo(1));
            Assert.That(rejected[0].Recipients, Is.EqualTo(new[] { Sender }), "addressed to the envelope sender");
            Assert.That(Parse(rejected[0]).TextBody, Does.Contain(RejectReason), "the reviewer's reason is sent to the sender");
            Assert.That(Delivered(upstream, RejectSubject), Is.Empty, "the rejected message is never delivered");
            Assert.That(Delivered(upstream, ReleaseSubject), Has.Count.EqualTo(1), "still one copy of the released one");
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task SendLeakAsync(int port, string subject)
    {
        var message = await MimeMessage.LoadAsync(Path.Combine(CorpusPaths.Root, "dev", "dev_011.eml"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("sakura-trading.example");
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        await client.SendAsync(message, new MailboxAddress("", Sender), [new MailboxAddress("", Colleague), new MailboxAddress("", Client)]);
        await client.DisconnectAsync(true);
    }

    private static async Task OpenFromListAsync(IPage page, Uri console, string subject)
    {
        await page.GotoAsync(console.ToString());
        await page.Locator("input[name=q]").FillAsync(subject);
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr[data-id]")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(subject);
    }

    private static async Task DecideAsync(IPage page, string decision, string reason)
    {
        var form = page.Locator("form[action$='/decide']");
        await form.Locator("input[name=reason]").FillAsync(reason);
        await form.Locator($"button[value={decision}]").ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToHaveTextAsync("Done.");
    }

    private static MimeMessage Parse(ReceivedMessage m) => MimeMessage.Load(new MemoryStream(m.Bytes));

    private static List<ReceivedMessage> Notices(TestUpstream upstream, string kind) =>
        [.. upstream.Received.Where(m => Parse(m).Headers["X-MailGuard-Notice"] == kind)];

    private static List<ReceivedMessage> Delivered(TestUpstream upstream, string subject) =>
        [.. upstream.Received.Where(m => Parse(m) is var p && p.Headers["X-MailGuard-Notice"] is null && p.Subject == subject)];

    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
