using System.Collections.Concurrent;
using MailGuard.Tests.Deliver;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace MailGuard.Tests.Relay;

/// <summary>
/// Accepting is taking responsibility: every message that got a 250 is delivered even when the process is killed
/// with SIGKILL in the middle of a load. Duplicates are allowed (at least once) and reported; loss is not.
/// </summary>
[NonParallelizable]
public sealed class CrashTests
{
    private const int Messages = 300;
    private const int Clients = 20;
    private const int KillAfterAcks = 100;

    [Test]
    public async Task Every_acknowledged_message_is_delivered_after_SIGKILL_and_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mailguard-crash-" + Guid.NewGuid().ToString("N"));
        await using var upstream = await new TestUpstream().StartAsync();
        var smtpPort = TestUpstream.FreePort();
        var healthPort = TestUpstream.FreePort();
        var config = RelayProcess.WriteConfig(directory, smtpPort, healthPort, upstream.Port);
        try
        {
            // 1. Start the relay and load it with concurrent clients.
            var acked = new ConcurrentBag<string>();
            // Set by the client that sees the KillAfterAcks-th 250. From then on no client starts another message, so
            // the kill lands with at most one message per client still in flight, however slowly the test's own
            // thread gets to it: "mid-way" no longer depends on winning a race against twenty busy clients.
            var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (var relay = RelayProcess.Start(config))
            {
                await relay.WaitUntilAcceptingAsync(healthPort, TimeSpan.FromSeconds(60));
                var next = 0;
                var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
                {
                    int n;
                    while (!killNow.Task.IsCompleted && (n = Interlocked.Increment(ref next)) <= Messages)
                    {
                        if (await TrySendAsync(smtpPort, $"crash {n}"))
                        {
                            acked.Add($"crash {n}");
                            if (acked.Count >= KillAfterAcks)
                            {
                                killNow.TrySetResult();
                            }
                        }
                    }
                })).ToList();

                // 2. SIGKILL mid-way.
                await Task.WhenAny(killNow.Task, Task.WhenAll(clients));
                relay.Kill();
                await Task.WhenAll(clients);
            }
            Assert.That(acked, Has.Count.GreaterThanOrEqualTo(KillAfterAcks), "the load got going before the kill");
            Assert.That(acked, Has.Count.LessThan(Messages), "the kill came mid-way");

            // 3. Restart on the same spool; everything acknowledged must arrive.
            using (var relay = RelayProcess.Start(config))
            {
                await relay.WaitUntilAcceptingAsync(healthPort, TimeSpan.FromSeconds(60));
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
                while (DateTime.UtcNow < deadline && !acked.All(Arrived(upstream).Contains))
                {
                    await Task.Delay(100);
                }

                // 4. A clean stop leaves no half-written files behind.
                Assert.That(await relay.TerminateAsync(TimeSpan.FromSeconds(40)), Is.EqualTo(0), "SIGTERM stops cleanly");
            }

            var arrivals = upstream.Received.Select(m => RelayClient.Subject(m.Bytes)).ToList();
            var lost = acked.Except(arrivals).ToList();
            var duplicates = arrivals.Count - arrivals.Distinct().Count();
            await TestContext.Out.WriteLineAsync(
                $"crash test: {Messages} sent by {Clients} clients, {acked.Count} acknowledged before SIGKILL, " +
                $"{arrivals.Distinct().Count()} distinct arrived, {duplicates} duplicates, {lost.Count} lost, " +
                $"{arrivals.Distinct().Count() - acked.Count} arrived without a 250 seen by the client");
            Assert.That(lost, Is.Empty, "every message that got a 250 is delivered");
            Assert.That(Directory.GetFiles(Path.Combine(directory, "data", "spool", "tmp")), Is.Empty);
            Assert.That(Directory.GetFiles(Path.Combine(directory, "data", "spool", "corrupt")), Is.Empty, "no acknowledged file was torn");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static HashSet<string> Arrived(TestUpstream upstream) =>
        [.. upstream.Received.Select(m => RelayClient.Subject(m.Bytes))];

    private static async Task<bool> TrySendAsync(int port, string subject)
    {
        try
        {
            using var client = new SmtpClient { Timeout = 10_000 };
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.SendAsync(RelayClient.Message(subject), new MailboxAddress("", "sato@example.com"), [new MailboxAddress("", "tanaka@example.org")]);
            await client.DisconnectAsync(true);
            return true;
        }
        // A client that gave up waiting (TimeoutException) saw no 250 either: nothing was promised for that message.
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException
            or MailKit.ServiceNotConnectedException or TimeoutException)
        {
            return false;
        }
    }
}
