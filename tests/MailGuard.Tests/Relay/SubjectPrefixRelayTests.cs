using System.Text;
using MailGuard.Tests.Deliver;
using MimeKit;

namespace MailGuard.Tests.Relay;

/// <summary>A tag rule's subject prefix changes the Subject field and nothing else of what the client sent.</summary>
public sealed class SubjectPrefixRelayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static async Task<byte[]> RelayTaggedAsync(TestUpstream upstream, MimeMessage message, int received)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mailguard-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var rules = Path.Combine(directory, "tag-everything.yaml");
        await File.WriteAllTextAsync(rules,
            "rules: []\ndefault: { action: tag, tag: { headers: { X-MailGuard-Flag: external }, subject_prefix: \"[External] \" } }\n");
        try
        {
            await using var relay = await RelayFixture.StartAsync(upstream.Port, ("Policy:RulesFile", rules));
            await RelayClient.SendAsync(relay.Port, message);
            return (await upstream.WaitForAsync(received, Patience))[received - 1].Bytes;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task The_upstream_gets_the_clients_bytes_with_the_prefixed_subject_and_the_verdict_headers()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        var message = RelayClient.Message("quarterly figures");
        await RelayClient.SendAsync(upstream.Port, message);
        var direct = Encoding.UTF8.GetString((await upstream.WaitForAsync(1)).Single().Bytes);

        var relayed = Encoding.UTF8.GetString(await RelayTaggedAsync(upstream, message, 2));

        var expected = direct.Replace("\r\nSubject: quarterly figures\r\n", "\r\nSubject: [External] quarterly figures\r\n", StringComparison.Ordinal);
        Assert.That(expected, Is.Not.EqualTo(direct));
        Assert.That(relayed, Does.EndWith(expected), "everything after the trace header is the client's, but the subject");
        Assert.That(relayed, Does.Match(@"^X-MailGuard-Verdict: tag\r\nX-MailGuard-Id: [0-9A-Z]{18}\r\nX-MailGuard-Flag: external\r\nReceived: from "));
        Assert.That(relayed.Replace("\r\n", "", StringComparison.Ordinal), Does.Not.Contain("\n").And.Not.Contain("\r"), "CRLF line endings only");
    }

    [Test]
    public async Task A_Japanese_subject_keeps_its_text_after_the_prefix_and_the_body_is_untouched()
    {
        await using var upstream = await new TestUpstream().StartAsync();
        var message = RelayClient.Message("placeholder");
        message.Headers.Replace(HeaderId.Subject, Encoding.GetEncoding("iso-2022-jp"), "御見積書の件");
        await RelayClient.SendAsync(upstream.Port, message);
        var direct = (await upstream.WaitForAsync(1)).Single().Bytes;

        var relayed = await RelayTaggedAsync(upstream, message, 2);

        Assert.That(MimeMessage.Load(new MemoryStream(relayed)).Subject, Is.EqualTo("[External] 御見積書の件"));
        var body = direct.AsSpan(direct.AsSpan().IndexOf("\r\n\r\n"u8)).ToArray();
        Assert.That(relayed.AsSpan(relayed.AsSpan().IndexOf("\r\n\r\n"u8)).ToArray(), Is.EqualTo(body));
    }
}
