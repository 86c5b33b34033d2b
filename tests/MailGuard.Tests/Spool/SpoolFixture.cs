using System.Buffers;
using System.Text;
using MailGuard.Core;
using MailGuard.Spool;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Spool;

/// <summary>A spool in a fresh temporary directory, and fictional messages to put in it.</summary>
internal sealed class SpoolFixture : IDisposable
{
    public SpoolFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mailguard-spool-" + Guid.NewGuid().ToString("N"));
        Store = Open();
    }

    public string Directory { get; }

    public SpoolStore Store { get; private set; }

    /// <summary>When <see cref="AcceptAsync"/> says a message arrived: a test on a fake clock sets it to that clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>A new store over the same directory, as after a restart.</summary>
    public SpoolStore Reopen() => Store = Open();

    public static Envelope Envelope(params string[] recipients) =>
        new(SpoolId.New(), "sato@example.com", recipients.Length > 0 ? recipients : ["tanaka@example.org"],
            "127.0.0.1", null, DateTimeOffset.UtcNow, "client.example.com");

    public static byte[] Message(string subject = "Quarterly figures") => Encoding.UTF8.GetBytes(
        $"From: Sato Hanako <sato@example.com>\r\nTo: tanaka@example.org\r\nSubject: {subject}\r\n\r\nHello,\r\n見積書を送ります。\r\n");

    public static readonly byte[] Trace = "Received: from client.example.com by mailguard.example.com\r\n"u8.ToArray();

    public async Task<Envelope> AcceptAsync(byte[]? message = null, params string[] recipients)
    {
        var envelope = Envelope(recipients) with { ReceivedAt = Clock.GetUtcNow() };
        await Store.WriteAsync(envelope, Trace, new ReadOnlySequence<byte>(message ?? Message()), CancellationToken.None);
        return envelope;
    }

    public static byte[] ReadAll(SpoolEntry entry)
    {
        using var stream = entry.OpenMessage();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private SpoolStore Open() => new(
        Options.Create(new SpoolOptions { Directory = Directory }),
        Options.Create(new DataOptions()),
        NullLogger<SpoolStore>.Instance);
}
