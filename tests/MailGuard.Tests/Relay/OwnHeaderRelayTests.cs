using MailGuard.Quarantine;
using MailGuard.Tests.Deliver;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace MailGuard.Tests.Relay;

/// <summary>A sender cannot vouch for its own message: X-MailGuard-* fields it brings are gone before anyone reads them.</summary>
public sealed class OwnHeaderRelayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static MimeMessage Forged(string subject)
    {
        var message = RelayClient.Message(subject);
        message.Headers.Insert(0, new Header("X-MailGuard-Verdict", "pass"));
        message.Headers.Add(new Header("X-MailGuard-Id", "0000000000FORGED00"));
        message.Headers.Add(new Header("X-MailGuard-Flag", "reviewed-ok"));
        return message;
    }

    private static List<Header> Own(byte[] message) =>
        [.. MimeMessage.Load(new MemoryStream(message)).Headers.Where(h => h.Field.StartsWith("X-MailGuard-", StringComparison.OrdinalIgnoreCase))];

    [Test]
    public async Task The_upstream_sees_only_the_verdict_headers_MailGuard_wrote()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        await using (var relay = await RelayFixture.StartAsync(upstream.Port))
        {
            await RelayClient.SendAsync(relay.Port, Forged("forged verdict"));
            await upstream.WaitForAsync(1, Patience);
        }

        var own = Own(upstream.Received.Single().Bytes);
        Assert.That(own.Select(h => h.Field), Is.EqualTo(new[] { "X-MailGuard-Verdict", "X-MailGuard-Id" }));
        Assert.That(own[0].Value, Is.EqualTo("pass"));
        Assert.That(own[1].Value, Does.Match("^[0-9A-Z]{18}$").And.Not.EqualTo("0000000000FORGED00"));
    }

    [Test]
    public async Task A_held_message_is_stored_for_reviewers_without_the_senders_X_MailGuard_fields()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "mailguard-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var rules = Path.Combine(directory, "hold-everything.yaml");
        await File.WriteAllTextAsync(rules, "rules: []\ndefault: { action: quarantine }\n");
        try
        {
            await using var relay = await RelayFixture.StartAsync(upstream.Port, ("Policy:RulesFile", rules));
            await RelayClient.SendAsync(relay.Port, Forged("forged before review"));
            var store = relay.Services.GetRequiredService<IQuarantineStore>();
            QuarantineItem? held = null;
            for (var deadline = DateTime.UtcNow + Patience; held is null && DateTime.UtcNow < deadline; await Task.Delay(50))
            {
                held = (await store.ListAsync(new QuarantineQuery(QuarantineState.Held), CancellationToken.None)).SingleOrDefault();
            }

            Assert.That(held, Is.Not.Null);
            var stored = await store.GetMessageAsync(held!.Id, CancellationToken.None);
            Assert.That(Own(stored!), Is.Empty);
            Assert.That(MimeMessage.Load(new MemoryStream(stored!)).Subject, Is.EqualTo("forged before review"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
