using System.Net;
using System.Net.Sockets;
using System.Text;
using MailGuard.Spool;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;

namespace MailGuard.Receive.Net;

/// <summary>
/// Hands SmtpServer listeners bound before the host reports started (so a busy port fails the start), admits
/// sessions up to <see cref="ReceiveOptions.MaxSessions"/>, and stops accepting when shutdown begins.
/// </summary>
internal sealed class ReceiveListenerFactory(
    IReadOnlyList<TcpListener> bound,
    ReceiveOptions options,
    ReceiveSessions sessions,
    ReplyRewriter rewriter,
    ISpoolWriter spool,
    TimeProvider clock,
    ILogger logger) : IEndpointListenerFactory
{
    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = bound.First(l => l.LocalEndpoint.Equals(endpointDefinition.Endpoint));
        return new Listener(listener, this);
    }

    private volatile bool _stopped;

    /// <summary>Closes every listening socket: new connections are refused by the kernel from here on.</summary>
    public void StopAccepting()
    {
        _stopped = true;
        foreach (var listener in bound)
        {
            listener.Stop();
        }
    }

    private bool IsStopping => _stopped || sessions.IsDraining;

    /// <summary>Starts a session on an accepted socket, or turns it away with 421 when full or shutting down.</summary>
    private SessionPipe? Admit(Socket socket, ISessionContext context)
    {
        if (!sessions.TryEnter(options.MaxSessions))
        {
            _ = RefuseAsync(socket, sessions.IsDraining ? ReceiveReplies.ShuttingDown : ReceiveReplies.TooManySessions);
            return null;
        }
        var peer = (IPEndPoint)socket.RemoteEndPoint!;
        context.Properties[EndpointListener.LocalEndPointKey] = socket.LocalEndPoint!;
        context.Properties[EndpointListener.RemoteEndPointKey] = peer;
        var session = ReceiveSession.Start(context, peer, clock.GetUtcNow());
        return new SessionPipe(socket, session, options, sessions, rewriter, spool, clock);
    }

    private async Task RefuseAsync(Socket socket, SmtpResponse reply)
    {
        ReceiveLog.SessionRefused(logger, (socket.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "?", ReceiveReplies.Line(reply));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.SendAsync(Encoding.ASCII.GetBytes(ReceiveReplies.Line(reply) + "\r\n"), SocketFlags.None, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Nothing more to do for a client we are turning away.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private sealed class Listener(TcpListener listener, ReceiveListenerFactory factory) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            while (true)
            {
                if (factory.IsStopping)
                {
                    // SmtpServer loops on GetPipeAsync until its own token is cancelled; wait for that quietly.
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException && factory.IsStopping)
                {
                    continue;
                }
                // Replies are small writes answered by the client's next command: Nagle would hold each reply back
                // until the client's delayed ACK, tens of milliseconds per pipelined turn (the upstream side sets it too).
                socket.NoDelay = true;
                if (factory.Admit(socket, context) is { } pipe)
                {
                    return pipe;
                }
            }
        }

        public void Dispose() => listener.Stop();
    }
}
