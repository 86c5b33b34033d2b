using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Each part has its own time limit: a part whose clock runs out is a problem, and the parts after it, at its level
/// and above, are read on clocks of their own.
/// </summary>
public sealed class PartTimeLimitTests
{
    private const string Message =
        "From: Mia Lund <mia@example.com>\r\nTo: bob@example.net\r\nSubject: Files\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        + "--outer\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n"
        + "--outer\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nFirst file: call 555-0142.\r\n"
        + "--outer\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=old.eml\r\n\r\n"
        + "From: kai@example.org\r\nSubject: Old\r\nContent-Type: text/plain\r\n\r\nOld body: call 555-0143.\r\n"
        + "--outer\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=b.txt\r\n\r\nSecond file: call 555-0144.\r\n"
        + "--outer--\r\n";

    // Parts start their clocks in document order: 1 the parse, 2 the body, 3 a.txt, 4 old.eml, 5 its body, 6 b.txt.
    [TestCase(3, "attachment:a.txt", "time limit (10 s per part) exceeded reading a.txt", "First file")]
    [TestCase(5, "attachment:old.eml/body", "time limit (10 s per part) exceeded reading the body", "Old body")]
    [TestCase(6, "attachment:b.txt", "time limit (10 s per part) exceeded reading b.txt", "Second file")]
    public void A_part_out_of_time_is_a_problem_and_the_parts_after_it_are_read(int expiring, string location, string reason, string lost)
    {
        var result = new MessageExtractor(Microsoft.Extensions.Options.Options.Create(new ExtractOptions()), new ExpiringClock(expiring))
            .Extract(new MemoryStream(Encoding.ASCII.GetBytes(Message)), CancellationToken.None);

        Assert.That(result.Problems, Is.EqualTo(new[] { new ExtractionProblem(location, reason) }));
        var texts = result.Segments.Select(s => s.Text.Original).ToList();
        Assert.That(texts, Has.None.Contains(lost));
        var read = new[] { "See the files.", "First file: call 555-0142.", "Old body: call 555-0143.", "Second file: call 555-0144." };
        Assert.That(texts, Is.SupersetOf(read.Where(t => !t.StartsWith(lost, StringComparison.Ordinal))));
        Assert.That(result.Segments.Select(s => s.Location), Does.Contain("attachment:old.eml/headers"));
    }

    /// <summary>Runs out the <paramref name="expiring"/>th time limit started, at once; every other one never ends.</summary>
    private sealed class ExpiringClock(int expiring) : TimeProvider
    {
        private int _started;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Timer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        private sealed class Timer(ExpiringClock clock, TimerCallback callback, object? state) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (dueTime != Timeout.InfiniteTimeSpan && ++clock._started == clock.Expiring)
                {
                    callback(state);
                }
                return true;
            }

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }

        private int Expiring => expiring;
    }
}
