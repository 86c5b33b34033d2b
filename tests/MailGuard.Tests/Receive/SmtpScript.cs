using System.Net.Sockets;
using System.Text;

namespace MailGuard.Tests.Receive;

/// <summary>A raw SMTP conversation over a TcpClient, for what a polite client such as MailKit would never send.</summary>
internal sealed class SmtpScript : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _buffer = [];

    private SmtpScript(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<SmtpScript> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return new SmtpScript(client);
    }

    /// <summary>Connects and reads the greeting, then sends EHLO.</summary>
    public static async Task<SmtpScript> HelloAsync(int port, string helo = "client.example")
    {
        var script = await ConnectAsync(port);
        var greeting = await script.ReadReplyAsync();
        Assert.That(greeting, Does.StartWith("220 "));
        var ehlo = await script.CommandAsync($"EHLO {helo}");
        Assert.That(ehlo, Does.StartWith("250"));
        return script;
    }

    public Task SendAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendRawAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        await _stream.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>Sends one command line and returns its whole (possibly multi-line) reply.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>Reads one reply; multi-line replies come back joined with LF. Empty when the server closed.</summary>
    public async Task<string> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync();
            if (line is null)
            {
                return string.Join("\n", lines);
            }
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }
    }

    /// <summary>True when the server closes the connection within the timeout.</summary>
    public async Task<bool> IsClosedAsync()
    {
        try
        {
            return await ReadLineAsync() is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Sends a message: MAIL, RCPT..., DATA, the dot-stuffed body and the final dot; returns the final reply.</summary>
    public async Task<string> SendMailAsync(string from, IEnumerable<string> to, string body)
    {
        Assert.That(await CommandAsync($"MAIL FROM:<{from}>"), Does.StartWith("250"));
        foreach (var recipient in to)
        {
            Assert.That(await CommandAsync($"RCPT TO:<{recipient}>"), Does.StartWith("250"));
        }
        Assert.That(await CommandAsync("DATA"), Does.StartWith("354"));
        await SendAsync(body + ".\r\n");
        return await ReadReplyAsync();
    }

    private async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var chunk = new byte[4096];
        while (true)
        {
            var end = _buffer.IndexOf((byte)'\n');
            if (end >= 0)
            {
                var line = Encoding.UTF8.GetString([.. _buffer.Take(end)]).TrimEnd('\r');
                _buffer.RemoveRange(0, end + 1);
                return line;
            }
            int read;
            try
            {
                read = await _stream.ReadAsync(chunk, timeout.Token);
            }
            catch (IOException)
            {
                return null;
            }
            if (read == 0)
            {
                return null;
            }
            _buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
