using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MailGuard.Receive.Net;
using MailGuard.Receive.Protocol;
using MailGuard.Spool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Storage;

namespace MailGuard.Receive.Workers;

/// <summary>
/// Runs SmtpServer on every configured endpoint. On shutdown it stops accepting, sends idle sessions away with
/// 421, lets messages in the middle of DATA finish within <see cref="ReceiveOptions.ShutdownGracePeriod"/>, then cuts the rest.
/// </summary>
internal sealed class ReceiveWorker(
    IOptions<ReceiveOptions> options,
    RelayPolicy policy,
    ISpoolWriter spool,
    TimeProvider clock,
    ILogger<ReceiveWorker> logger) : BackgroundService, IReceiveStatus
{
    private readonly ReceiveOptions _options = options.Value;
    private readonly ReceiveSessions _sessions = new();
    private readonly CancellationTokenSource _abort = new();
    private X509Certificate2? _certificate;
    private IReadOnlyList<ReceiveEndpoint> _bound = [];
    private ReceiveListenerFactory? _listeners;
    private SmtpServer.SmtpServer? _server;
    private volatile bool _accepting;

    public bool IsAccepting => _accepting;

    /// <summary>The sessions and their drain, for tests that look at the instant shutdown turns idle sessions away.</summary>
    internal ReceiveSessions Sessions => _sessions;

    public IReadOnlyList<IPEndPoint> Endpoints { get; private set; } = [];

    public int ActiveSessions => _sessions.Active;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _certificate = ServerCertificate.Load(_options.Tls);
        var configured = _options.ParsedEndpoints();
        var bound = Bind([.. configured.Select(e => e.Address)]);
        // The addresses bound (port 0 becomes the port the system chose), each with its configured kind.
        _bound = [.. bound.Select((l, i) => configured[i] with { Address = (IPEndPoint)l.LocalEndpoint })];
        Endpoints = [.. _bound.Select(e => e.Address)];
        var rewriter = new ReplyRewriter(_options, policy);
        _listeners = new ReceiveListenerFactory(bound, _options, _sessions, rewriter, spool, clock, logger);

        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_listeners);
        services.Add(new ReceiveCommandFactory(_options, policy));
        services.Add((IMailboxFilter)new ReceiveMailboxFilter(_options, policy, logger));
        services.Add((IMessageStore)new ReceiveMessageStore(logger));
        // Always set: SmtpServer's fallback authenticator says yes to everyone.
        services.Add((IUserAuthenticator)new ReceiveUserAuthenticator(new CredentialCheck(_options, clock), policy, logger));

        _server = new SmtpServer.SmtpServer(BuildServerOptions(), services);
        _server.SessionCompleted += (_, e) => LogSession(e.Context, "completed");
        _server.SessionCancelled += (_, e) => LogSession(e.Context, "cut at shutdown or session timeout");
        _server.SessionFaulted += (_, e) => LogSession(e.Context, $"faulted ({e.Exception.GetType().Name})");
        foreach (var endpoint in _bound)
        {
            ReceiveLog.Listening(logger, endpoint.ToString(), _certificate is not null, policy.AuthPossible);
        }
        _accepting = true;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Not stoppingToken: cancelling SmtpServer cuts every session, and StopAsync drains them first.
        _server?.StartAsync(_abort.Token) ?? Task.CompletedTask;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listeners is not null)
        {
            _accepting = false;
            ReceiveLog.Stopping(logger, _options.ShutdownGracePeriod.TotalSeconds, _sessions.Active);
            // Closed before the idle sessions hear 421: a client that comes straight back must be refused by the
            // kernel, not land in the backlog of a listener about to close and be reset without a reply.
            _listeners.StopAccepting();
            _sessions.BeginDrain();
            try
            {
                await _sessions.Idle.WaitAsync(_options.ShutdownGracePeriod, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                ReceiveLog.Cut(logger, _sessions.Active);
            }
            await _abort.CancelAsync().ConfigureAwait(false);
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        _certificate?.Dispose();
        base.Dispose();
    }

    private ISmtpServerOptions BuildServerOptions()
    {
        var builder = new SmtpServerOptionsBuilder()
            .ServerName(_options.ServerName)
            .CustomSmtpGreeting(_ => $"220 {_options.ServerName} ESMTP MailGuard")
            // SmtpServer sees only the end-of-data mark (GuardedPipeReader streams the message into the spool and
            // applies the exact limit); this leaves a declared SIZE up to the limit to Receive's own, clearer check.
            .MaxMessageSize(_options.MaxMessageBytes + 1_048_576, MaxMessageSizeHandling.Strict)
            .MaxRetryCount(_options.MaxCommandErrors)
            // GuardedPipeReader owns the idle timeouts, on the TimeProvider.
            .CommandWaitTimeout(Timeout.InfiniteTimeSpan);
        foreach (var endpoint in _bound)
        {
            builder.Endpoint(e =>
            {
                // IsSecure: SmtpServer runs the TLS handshake (SessionPipe.UpgradeAsync) before the greeting.
                e.Endpoint(endpoint.Address)
                    .IsSecure(endpoint.ImplicitTls)
                    .SessionTimeout(_options.SessionTimeout)
                    .SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
                if (_certificate is not null)
                {
                    e.Certificate(_certificate);
                }
            });
        }
        return builder.Build();
    }

    private static List<TcpListener> Bind(IReadOnlyList<IPEndPoint> endpoints)
    {
        var bound = new List<TcpListener>();
        foreach (var endpoint in endpoints)
        {
            var listener = new TcpListener(endpoint);
            try
            {
                listener.Start();
            }
            catch (SocketException e)
            {
                bound.ForEach(l => l.Stop());
                throw new InvalidOperationException($"Receive cannot listen on {endpoint} (Receive:Endpoints): {e.Message}", e);
            }
            bound.Add(listener);
        }
        return bound;
    }

    private void LogSession(ISessionContext context, string outcome)
    {
        if (!context.Properties.ContainsKey(EndpointListener()))
        {
            return; // no session was ever started on this context
        }
        var session = ReceiveSession.Of(context);
        var client = policy.ClientAddress(session.Peer.Address, session.ProxyClaim);
        ReceiveLog.SessionEnded(logger, context.SessionId.ToString("N")[..12], client.ToString(), session.CloseReason ?? outcome,
            session.IsSecure, session.IsAuthenticated, session.Accepted, session.Refused,
            (long)(clock.GetUtcNow() - session.StartedAt).TotalMilliseconds);
    }

    private static string EndpointListener() => SmtpServer.Net.EndpointListener.RemoteEndPointKey;
}
