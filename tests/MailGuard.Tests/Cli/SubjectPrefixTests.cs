using System.Text;
using MailGuard.Cli.Inspect;

namespace MailGuard.Tests.Cli;

public sealed class SubjectPrefixTests
{
    private static readonly string[] Verdict = ["X-MailGuard-Verdict: tag", "X-MailGuard-Id: 0000000001AAAAAAAA"];

    private static async Task<string> ApplyAsync(string message, string prefix = "[External] ")
    {
        await using var rewritten = await SubjectPrefix.ApplyAsync(new MemoryStream(Encoding.UTF8.GetBytes(message)), Verdict, prefix, CancellationToken.None);
        using var copy = new MemoryStream();
        await rewritten.CopyToAsync(copy);
        return Encoding.UTF8.GetString(copy.ToArray());
    }

    [Test]
    public async Task Only_the_subject_changes_wherever_the_header_block_ends_relative_to_a_read()
    {
        // Header blocks around 64 KB put the empty line on either side of, and across, the first read's end.
        for (var padding = 65_500; padding < 65_560; padding += 7)
        {
            var message = $"From: alice@example.com\r\nReferences: <{new string('r', padding)}@example.com>\r\n" +
                          "Subject: figures\r\n\tfor Q3\r\nTo: bob@example.org\r\n\r\nSubject: not a header\r\n\r\nbody\r\n";

            var rewritten = await ApplyAsync(message);

            Assert.That(rewritten, Is.EqualTo("X-MailGuard-Verdict: tag\r\nX-MailGuard-Id: 0000000001AAAAAAAA\r\n" +
                message.Replace("Subject: figures\r\n\tfor Q3\r\n", "Subject: [External] figures\tfor Q3\r\n", StringComparison.Ordinal)), $"padding {padding}");
        }
    }

    [Test]
    public async Task A_message_without_a_subject_gets_one_and_keeps_its_bytes()
    {
        const string message = "From: alice@example.com\r\nTo: bob@example.org\r\n\r\nbody\r\n";

        Assert.That(await ApplyAsync(message), Is.EqualTo(
            "X-MailGuard-Verdict: tag\r\nX-MailGuard-Id: 0000000001AAAAAAAA\r\nFrom: alice@example.com\r\nTo: bob@example.org\r\nSubject: [External]\r\n\r\nbody\r\n"));
    }

    [Test]
    public async Task The_body_is_read_from_the_source_only_as_the_result_is_read()
    {
        var body = new byte[8 * 1024 * 1024];
        Array.Fill(body, (byte)'x');
        var source = new MemoryStream([.. "Subject: big\r\n\r\n"u8.ToArray(), .. body]);

        await using var rewritten = await SubjectPrefix.ApplyAsync(source, Verdict, "[Large] ", CancellationToken.None);

        Assert.That(source.Position, Is.LessThanOrEqualTo(64 * 1024), "only the header block's read");
        var buffer = new byte[4096];
        long total = 0;
        int read;
        while ((read = await rewritten.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
        Assert.That(source.Position, Is.EqualTo(source.Length));
        Assert.That(total, Is.EqualTo(Verdict.Sum(h => h.Length + 2) + "Subject: [Large] big\r\n\r\n".Length + body.Length));
    }
}
