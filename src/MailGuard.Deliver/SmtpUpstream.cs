using System.Net.Sockets;
using MailGuard.Spool;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace MailGuard.Deliver;

/// <summary>Relays to the configured upstream server over one connection, kept open for consecutive messages.</summary>
internal sealed partial class SmtpUpstream(DeliverOptions options, ILogger logger) : IUpstream
{
    private RelaySmtpClient? _client;

    public async Task<IReadOnlyList<RecipientResult>> SendAsync(SpoolEntry entry, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var reused = _client is { IsConnected: true };
        try
        {
            return await AttemptAsync(entry, recipients, cancellationToken);
        }
        catch (Exception e) when (reused && IsConnectionTrouble(e) && !cancellationToken.IsCancellationRequested)
        {
            // The server may have closed the idle connection we kept: one more try on a fresh one.
            await DropAsync();
            try
            {
                return await AttemptAsync(entry, recipients, cancellationToken);
            }
            catch (Exception again) when (!cancellationToken.IsCancellationRequested)
            {
                await DropAsync();
                return [.. recipients.Select(r => FailureClassifier.FromException(r, again))];
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (IsConnectionTrouble(e))
            {
                await DropAsync();
            }
            return [.. recipients.Select(r => FailureClassifier.FromException(r, e))];
        }
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.ConnectTimeout);
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
            catch (Exception e) when (IsConnectionTrouble(e))
            {
                // Closing a connection that is already gone is not worth reporting.
            }
        }
        await DropAsync();
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync(CancellationToken.None);

    private async Task<IReadOnlyList<RecipientResult>> AttemptAsync(SpoolEntry entry, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var client = await ConnectedAsync(cancellationToken);
        client.Refused.Clear();
        var message = RawMessagePart.Wrap(entry.OpenMessage, entry.MessageLength, entry.HasEightBitBytes, entry.EndsWithCrLf);
        var sender = new MailboxAddress(string.Empty, entry.Envelope.MailFrom);
        var to = recipients.Select(r => new MailboxAddress(string.Empty, r)).ToList();
        string reply;
        try
        {
            reply = await client.SendAsync(FormatOptions.Default, message, sender, to, cancellationToken);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.MessageNotAccepted && client.Refused.Count == recipients.Count)
        {
            return [.. client.Refused.Select(r => FailureClassifier.FromReply(r.Recipient, (int)r.Response.StatusCode, r.Response.Response))];
        }
        var refused = client.Refused.ToDictionary(r => r.Recipient, StringComparer.OrdinalIgnoreCase);
        return [.. recipients.Select(r => refused.TryGetValue(r, out var no)
            ? FailureClassifier.FromReply(r, (int)no.Response.StatusCode, no.Response.Response)
            : FailureClassifier.FromReply(r, 250, reply))];
    }

    private async Task<RelaySmtpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }
        await DropAsync();
        var client = new RelaySmtpClient
        {
            Timeout = (int)options.CommandTimeout.TotalMilliseconds,
            LocalDomain = options.HostName,
        };
        if (options.Security == DeliverSecurity.StartTlsWhenAvailable)
        {
            // Opportunistic TLS protects against passive listeners only; a self-signed relay must not stop the mail.
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }
        UpstreamStream? connection = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            var security = options.Security switch
            {
                DeliverSecurity.None => SecureSocketOptions.None,
                DeliverSecurity.StartTls => SecureSocketOptions.StartTls,
                DeliverSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            connection = new UpstreamStream(await ConnectSocketAsync(timeout.Token));
            await client.ConnectAsync(connection, options.Host, options.Port, security, timeout.Token);
            if (options.UserName.Length > 0)
            {
                await client.AuthenticateAsync(options.UserName, options.Password, timeout.Token);
            }
        }
        catch
        {
            client.Dispose();
            connection?.Dispose();
            throw;
        }
        LogConnected(logger, options.Host, options.Port, client.IsSecure);
        _client = client;
        return client;
    }

    /// <summary>
    /// A TCP connection with Nagle's algorithm off. MailKit writes the end of DATA as a small segment of its own;
    /// with Nagle on it waited for the ACK of the previous one, which the server delays (about 40 ms on Linux),
    /// and that wait was most of the time from acceptance to delivery.
    /// </summary>
    private async Task<Socket> ConnectSocketAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private Task DropAsync()
    {
        _client?.Dispose();
        _client = null;
        return Task.CompletedTask;
    }

    private static bool IsConnectionTrouble(Exception e) =>
        e is IOException or System.Net.Sockets.SocketException or ServiceNotConnectedException or SmtpProtocolException
            or SslHandshakeException or OperationCanceledException or TimeoutException or AuthenticationException;

    [LoggerMessage(EventId = 20, EventName = "deliver.connected", Level = LogLevel.Debug,
        Message = "connected to upstream {Host}:{Port} (TLS: {Secure})")]
    private static partial void LogConnected(ILogger logger, string host, int port, bool secure);
}
