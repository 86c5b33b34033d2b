using System.Net;
using System.Net.Sockets;
using MailGuard.Receive;
using MailGuard.Receive.Workers;

namespace MailGuard.Tests.Receive;

/// <summary>Idle timeouts run on a fake clock; shutdown drains sessions the way issue 2 asks.</summary>
public sealed class ReceiveTimeoutAndShutdownTests
{
    private static readonly Dictionary<string, string?> FiveMinutes = new()
    {
        ["Receive:CommandTimeout"] = "00:05:00",
        ["Receive:DataTimeout"] = "00:05:00",
    };

    private static readonly TimeSpan FiveMinutesIdle = TimeSpan.FromMinutes(5);

    [Test]
    public async Task A_client_that_sends_no_command_is_told_421_and_disconnected()
    {
        var clock = new ObservedClock();
        await using var host = await ReceiveHost.StartAsync(FiveMinutes, clock: clock);
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        await clock.UntilArmedAsync(FiveMinutesIdle);

        clock.Advance(FiveMinutesIdle);

        Assert.That(await smtp.ReadReplyAsync(), Is.EqualTo("421 4.4.2 Timeout: no command received in time; closing the connection"));
        Assert.That(await smtp.IsClosedAsync(), Is.True);
    }

    [Test]
    public async Task Slow_data_that_keeps_coming_is_never_cut_however_long_it_takes()
    {
        var clock = new ObservedClock();
        await using var host = await ReceiveHost.StartAsync(FiveMinutes, clock: clock);
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("354"));
        await smtp.SendAsync("Subject: slow\r\n\r\n");

        // 20 minutes of fake time in all, but never more than 2 without progress. The clock moves only once the
        // server has read what came before and restarted its idle timer: the client's progress is what is tested.
        for (var i = 0; i < 10; i++)
        {
            await clock.UntilArmedAsync(FiveMinutesIdle);
            clock.Advance(TimeSpan.FromMinutes(2));
            await smtp.SendAsync($"line {i}\r\n");
        }
        await smtp.SendAsync(".\r\n");

        Assert.That(await smtp.ReadReplyAsync(), Does.StartWith("250 2.0.0 Ok: queued as"));
        Assert.That(host.Recorded.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Data_that_stops_arriving_is_cut_after_the_data_timeout()
    {
        var clock = new ObservedClock();
        var spool = new StreamingSpoolWriter();
        await using var host = await ReceiveHost.StartAsync(FiveMinutes, spool, clock);
        await using var smtp = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await smtp.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await smtp.CommandAsync("DATA"), Does.StartWith("354"));
        await smtp.SendAsync("Subject: stalled\r\n\r\nhalf a mess");
        await clock.UntilArmedAsync(FiveMinutesIdle);

        clock.Advance(FiveMinutesIdle);

        Assert.That(await smtp.ReadReplyAsync(), Is.EqualTo("421 4.4.2 Timeout: the message data stopped arriving; closing the connection"));
        Assert.That(await smtp.IsClosedAsync(), Is.True);
        Assert.That(spool.Messages, Is.Empty);
        Assert.That(spool.Open, Is.Zero, "the part already spooled is let go");
    }

    [Test]
    public async Task Shutdown_stops_accepting_sends_idle_sessions_away_and_lets_a_message_in_flight_finish()
    {
        var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:ShutdownGracePeriod"] = "00:01:00" });
        await using var sending = await SmtpScript.HelloAsync(host.Port);
        await using var idle = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await sending.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await sending.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await sending.CommandAsync("DATA"), Does.StartWith("354"));
        await sending.SendAsync("Subject: in flight\r\n\r\nfirst half\r\n");

        var stopping = host.StopAsync();

        Assert.That(await idle.ReadReplyAsync(), Is.EqualTo("421 4.3.2 Service shutting down; please try again later"));
        Assert.That(host.Status.IsAccepting, Is.False);
        Assert.ThrowsAsync<SocketException>(() => SmtpScript.ConnectAsync(host.Port));
        await sending.SendAsync("second half\r\n.\r\n");
        Assert.That(await sending.ReadReplyAsync(), Does.StartWith("250 2.0.0 Ok: queued as"));
        Assert.That(await sending.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("421 4.3.2"));
        await stopping;
        Assert.That(host.Recorded.Messages.Single().Message, Is.EqualTo("Subject: in flight\r\n\r\nfirst half\r\nsecond half\r\n"u8.ToArray()));
        await host.DisposeAsync();
    }

    [Test]
    public async Task When_idle_sessions_are_sent_away_the_port_already_refuses_new_connections()
    {
        var host = await ReceiveHost.StartAsync();
        // The instant the drain begins, which is what tells idle sessions 421, seen from inside the server: a client
        // told to come back later that comes straight back must be refused, not queued on a listener about to close.
        var sessions = ((ReceiveWorker)host.Status).Sessions;
        var endPoint = host.EndPoint;
        bool? refusedWhenDraining = null;
        using var draining = sessions.Draining.Register(() => refusedWhenDraining = IsRefused(endPoint));

        await host.StopAsync();

        Assert.That(refusedWhenDraining, Is.True);
        await host.DisposeAsync();
    }

    private static bool IsRefused(IPEndPoint endPoint)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(endPoint);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    [Test]
    public async Task A_session_still_in_data_after_the_grace_period_is_cut_without_a_250()
    {
        var clock = new ObservedClock();
        var spool = new StreamingSpoolWriter();
        var host = await ReceiveHost.StartAsync(new Dictionary<string, string?> { ["Receive:ShutdownGracePeriod"] = "00:00:30" }, spool, clock);
        await using var sending = await SmtpScript.HelloAsync(host.Port);
        Assert.That(await sending.CommandAsync("MAIL FROM:<alice@example.com>"), Does.StartWith("250"));
        Assert.That(await sending.CommandAsync("RCPT TO:<bob@example.org>"), Does.StartWith("250"));
        Assert.That(await sending.CommandAsync("DATA"), Does.StartWith("354"));
        await sending.SendAsync("Subject: never finished\r\n\r\n");

        var stopping = host.StopAsync();
        await clock.UntilArmedAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(30));
        await stopping;

        Assert.That(await sending.ReadReplyAsync(), Does.StartWith("4"));
        Assert.That(spool.Messages, Is.Empty);
        await host.DisposeAsync();
        Assert.That(spool.Open, Is.Zero, "the part already spooled is let go");
    }
}
