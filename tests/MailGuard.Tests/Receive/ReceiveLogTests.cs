using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MailGuard.Tests.Receive;

public sealed class ReceiveLogTests
{
    [Test]
    public async Task One_line_per_message_and_per_session_with_the_queue_id_and_no_address_in_clear()
    {
        var logs = new CapturingLoggerProvider();
        await using (var host = await ReceiveHost.StartAsync(logs: logs))
        {
            await using var smtp = await SmtpScript.HelloAsync(host.Port);
            Assert.That(await smtp.SendMailAsync("alice@example.com", ["bob@example.org", "carol@example.jp"], "Subject: x\r\n\r\nsecret body\r\n"),
                Does.StartWith("250"));
            Assert.That(await smtp.CommandAsync("MAIL FROM:<mallory@example.org>"), Does.StartWith("550"));
            Assert.That(await smtp.CommandAsync("QUIT"), Does.StartWith("221"));
            Assert.That(await smtp.IsClosedAsync(), Is.True);
            // The session's line follows the close; 30 s only bounds how long its absence takes to fail.
            for (var deadline = DateTime.UtcNow.AddSeconds(30); !logs.Lines.Any(l => l.Event == "receive.session") && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(20);
            }
            var id = host.Recorded.Messages.Single().Envelope.Id.Value;

            var accepted = logs.Lines.Single(l => l.Event == "receive.accepted").Text;
            Assert.That(accepted, Does.Contain(id).And.Contain("a***@example.com").And.Contain("2 recipients at example.org,example.jp"));
            var session = logs.Lines.Single(l => l.Event == "receive.session").Text;
            Assert.That(session, Does.Contain("ended: completed").And.Contain("accepted=1 refused=1"));
        }

        var all = string.Join("\n", logs.Lines.Select(l => l.Text));
        Assert.That(all, Does.Not.Contain("alice@").And.Not.Contain("bob@").And.Not.Contain("mallory@").And.Not.Contain("secret body"));
    }

    internal sealed record LogLine(string Event, string Text);

    internal sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogLine> _lines = new();

        public IReadOnlyList<LogLine> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<LogLine> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(new LogLine(eventId.Name ?? "", formatter(state, exception)));
        }
    }
}
