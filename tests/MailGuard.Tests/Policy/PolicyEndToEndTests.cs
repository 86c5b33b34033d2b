using System.Text;
using System.Text.Json;
using MailGuard.Quarantine;
using MailGuard.Tests.Deliver;
using MailGuard.Tests.Relay;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace MailGuard.Tests.Policy;

/// <summary>Mail through the running relay to a test upstream, judged by the shipped rules.</summary>
public sealed class PolicyEndToEndTests
{
    // Generous, like the relay tests': the mail normally arrives at once; this only bounds how long a failure takes.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private const string Sender = "daniel.brooks@sakura-trading.example";
    private const string Colleague = "emily.carter@sakura-trading.example";
    private const string Client = "sarah.oneill@pinecrest.example.com";

    private static string Corpus(string file) => RepositoryFiles.Path(Path.Combine("../shared/corpus/dev", file));

    private static Task<RelayFixture> StartAsync(TestUpstream upstream, string? rules = null, string mode = "Enforce") =>
        RelayFixture.StartAsync(upstream.Port,
            ("Policy:RulesFile", rules ?? RepositoryFiles.Path("config/rules.yaml")),
            ("Policy:Mode", mode),
            ("Organization:InternalDomains:0", "sakura-trading.example"),
            ("Organization:InternalDomains:1", "sakura-trading.example.jp"),
            ("Notify:TemplatesDirectory", RepositoryFiles.Path("config/templates")),
            ("Quarantine:OutboxInterval", "00:00:00.2"));

    private static async Task SendAsync(int port, params string[] to)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        var message = await MimeMessage.LoadAsync(Corpus("dev_011.eml"));
        await client.SendAsync(message, new MailboxAddress("", Sender), to.Select(r => new MailboxAddress("", r)));
        await client.DisconnectAsync(true);
    }

    private static string? NoticeKind(ReceivedMessage m) =>
        MimeMessage.Load(new MemoryStream(m.Bytes)).Headers["X-MailGuard-Notice"];

    private static IEnumerable<string> ThirdPartyMatches()
    {
        using var labels = JsonDocument.Parse(File.ReadAllText(Corpus("labels.json")));
        return [.. labels.RootElement.GetProperty("messages").GetProperty("dev_011.eml").GetProperty("third_party")
            .EnumerateArray().Select(t => t.GetProperty("match").GetString()!)];
    }

    [Test]
    public async Task A_leak_is_held_the_sender_is_told_and_two_releases_deliver_it_once()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        await using var relay = await StartAsync(upstream);
        await SendAsync(relay.Port, Colleague, Client);

        var notice = (await upstream.WaitForAsync(1, Patience)).Single();
        Assert.That(notice.Recipients, Is.EqualTo(new[] { Sender }));
        Assert.That(NoticeKind(notice), Is.EqualTo("sender-held"));
        var text = MimeMessage.Load(new MemoryStream(notice.Bytes)).TextBody;
        Assert.That(text, Does.Contain("third-party-data-to-external").And.Contain("***"));
        foreach (var match in ThirdPartyMatches())
        {
            Assert.That(text, Does.Not.Contain(match), "the notice shows findings redacted only");
        }

        var store = relay.Services.GetRequiredService<IQuarantineStore>();
        var held = (await store.ListAsync(new QuarantineQuery(QuarantineState.Held), CancellationToken.None)).Single();
        var reviewer = new Actor("reviewer", "the client asked for it", "test");
        var outcomes = await Task.WhenAll(
            Task.Run(() => store.TransitionAsync(held.Id, QuarantineState.Released, reviewer, CancellationToken.None)),
            Task.Run(() => store.TransitionAsync(held.Id, QuarantineState.Released, reviewer, CancellationToken.None)));
        Assert.That(outcomes, Is.EquivalentTo(new[] { TransitionOutcome.Applied, TransitionOutcome.AlreadyDone }));

        await upstream.WaitForAsync(3, Patience);
        await Task.Delay(1000);
        var delivered = upstream.Received.Where(m => NoticeKind(m) is null).ToList();
        Assert.That(delivered, Has.Count.EqualTo(1), "released exactly once");
        Assert.That(delivered[0].MailFrom, Is.EqualTo(Sender));
        Assert.That(delivered[0].Recipients, Is.EquivalentTo(new[] { Colleague, Client }));
        Assert.That(delivered[0].Bytes, Is.EqualTo(await store.GetMessageAsync(held.Id, CancellationToken.None)), "the bytes as spooled");
        Assert.That(upstream.Received.Select(NoticeKind), Does.Contain("sender-released"));
    }

    [Test]
    public async Task The_same_content_to_internal_recipients_only_is_delivered()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        await using var relay = await StartAsync(upstream);
        await SendAsync(relay.Port, Colleague);

        var delivered = (await upstream.WaitForAsync(1, Patience)).Single();
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { Colleague }));
        Assert.That(Encoding.ASCII.GetString(delivered.Bytes), Does.StartWith("X-MailGuard-Verdict: pass\r\nX-MailGuard-Id: "));
    }

    [Test]
    public async Task Monitor_mode_delivers_what_enforce_would_hold()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        await using var relay = await StartAsync(upstream, mode: "Monitor");
        await SendAsync(relay.Port, Colleague, Client);

        var delivered = (await upstream.WaitForAsync(1, Patience)).Single();
        Assert.That(delivered.Recipients, Is.EquivalentTo(new[] { Colleague, Client }));
        Assert.That(NoticeKind(delivered), Is.Null);
        var store = relay.Services.GetRequiredService<IQuarantineStore>();
        Assert.That(await store.ListAsync(new QuarantineQuery(), CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_reject_rule_sends_the_notice_and_delivers_nothing()
    {
        var rules = Path.Combine(Path.GetTempPath(), $"mailguard-reject-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(rules, "rules:\n  - { name: no-third-party-out, when: { external_recipients: any, findings: { third_party: true } }, action: reject }\ndefault: { action: pass }\n");
        try
        {
            await using var upstream = await new TestUpstream().StartAsync();
            await using var relay = await StartAsync(upstream, rules);
            await SendAsync(relay.Port, Colleague, Client);

            var notice = (await upstream.WaitForAsync(1, Patience)).Single();
            Assert.That(NoticeKind(notice), Is.EqualTo("sender-rejected"));
            await Task.Delay(1000);
            Assert.That(upstream.Received, Has.Count.EqualTo(1), "nothing but the notice");
        }
        finally
        {
            File.Delete(rules);
        }
    }
}
