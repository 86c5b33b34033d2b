using System.Net;
using System.Net.Sockets;
using MailGuard.Deliver;

namespace MailGuard.Tests.Deliver;

public sealed class UpstreamStreamTests
{
    private TcpListener _listener = null!;
    private Socket _server = null!;
    private UpstreamStream _stream = null!;

    [SetUp]
    public async Task SetUp()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync((IPEndPoint)_listener.LocalEndpoint);
        _server = await _listener.AcceptSocketAsync();
        _stream = new UpstreamStream(client) { ReadTimeout = 10_000, WriteTimeout = 10_000 };
    }

    [TearDown]
    public void TearDown()
    {
        _stream.Dispose();
        _server.Dispose();
        _listener.Stop();
        _listener.Dispose();
    }

    [Test]
    public async Task Small_writes_are_held_until_a_flush_and_then_arrive_whole_and_in_order()
    {
        var expected = Enumerable.Range(0, 100 * 1024).Select(i => (byte)(i * 7)).ToArray();
        // Below the buffer's size: nothing is sent yet.
        for (var at = 0; at < 60 * 1024; at += 4096)
        {
            await _stream.WriteAsync(expected.AsMemory(at, 4096));
        }
        Assert.That(_server.Available, Is.Zero);

        for (var at = 60 * 1024; at < expected.Length; at += 4096)
        {
            await _stream.WriteAsync(expected.AsMemory(at, Math.Min(4096, expected.Length - at)));
        }
        await _stream.FlushAsync();

        Assert.That(await ReceiveAsync(expected.Length), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_read_sends_what_is_held_first_so_a_command_and_its_reply_never_wait_on_each_other()
    {
        await _stream.WriteAsync("NOOP\r\n"u8.ToArray());
        var reply = new byte[64];

        var reading = _stream.ReadAsync(reply).AsTask();
        Assert.That(await ReceiveAsync(6), Is.EqualTo("NOOP\r\n"u8.ToArray()));
        await _server.SendAsync("250 2.0.0 OK\r\n"u8.ToArray());

        Assert.That(reply.AsSpan(0, await reading).ToArray(), Is.EqualTo("250 2.0.0 OK\r\n"u8.ToArray()));
    }

    [Test]
    public async Task A_read_that_gets_no_answer_in_time_is_a_TimeoutException_and_closes_the_connection()
    {
        _stream.ReadTimeout = 200;

        Assert.ThrowsAsync<TimeoutException>(async () => await _stream.ReadAtLeastAsync(new byte[16], 1));

        Assert.That(await _server.ReceiveAsync(new byte[16]), Is.Zero, "the relay's side is closed");
    }

    [Test]
    public void Synchronous_writes_and_reads_keep_the_same_order()
    {
        _stream.Write("EHLO mailguard.example.com\r\n"u8);
        _server.Send("250 upstream.example.org\r\n"u8);
        var reply = new byte[64];

        var read = _stream.Read(reply);

        Assert.That(reply.AsSpan(0, read).ToArray(), Is.EqualTo("250 upstream.example.org\r\n"u8.ToArray()));
        Assert.That(ReceiveAsync(28).GetAwaiter().GetResult(), Is.EqualTo("EHLO mailguard.example.com\r\n"u8.ToArray()));
    }

    private async Task<byte[]> ReceiveAsync(int count)
    {
        var bytes = new byte[count];
        var at = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (at < count)
        {
            var read = await _server.ReceiveAsync(bytes.AsMemory(at), SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                break;
            }
            at += read;
        }
        return bytes[..at];
    }
}
