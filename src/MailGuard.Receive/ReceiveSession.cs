using System.Net;
using SmtpServer;
using SmtpServer.Protocol;

namespace MailGuard.Receive;

/// <summary>What Receive knows about one SMTP session beyond SmtpServer's context; kept in its Properties.</summary>
internal sealed class ReceiveSession
{
    private const string PropertyKey = "MailGuard:ReceiveSession";

    private SmtpResponse? _pendingReply;

    private ReceiveSession(ISessionContext context, IPEndPoint peer, DateTimeOffset startedAt)
    {
        Context = context;
        Peer = peer;
        StartedAt = startedAt;
    }

    public ISessionContext Context { get; }

    /// <summary>The socket peer: the only address relay permission rests on, unless it is a trusted proxy.</summary>
    public IPEndPoint Peer { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The HELO/EHLO argument, or null before one.</summary>
    public string? Helo { get; private set; }

    /// <summary>True after EHLO (the Received: header then says ESMTP).</summary>
    public bool Esmtp { get; private set; }

    /// <summary>True while DATA is being read: the command line limit and idle-session shutdown do not apply then.</summary>
    public bool InData { get; private set; }

    /// <summary>The verb of the command line being executed, for rewriting SmtpServer's generic refusals.</summary>
    public string Verb { get; set; } = "";

    /// <summary>Why Receive ended the session itself (timeout, limit, shutdown), or null.</summary>
    public string? CloseReason { get; set; }

    /// <summary>The client address relay permission rested on at MAIL FROM (the PROXY claim when trusted).</summary>
    public IPAddress? Client { get; private set; }

    /// <summary>The sender of the current transaction, as the envelope will have it.</summary>
    public string Sender { get; private set; } = "";

    /// <summary>
    /// Recipients accepted in the current transaction, in order. SmtpServer's own transaction is not visible to
    /// Receive, and the spool file needs its envelope when DATA begins.
    /// </summary>
    public List<string> Recipients { get; } = [];

    /// <summary>The DATA just read, from <see cref="Net.GuardedPipeReader"/> to <see cref="Protocol.ReceiveMessageStore"/>.</summary>
    public Protocol.IncomingMessage? Message { get; set; }

    public int Accepted;
    public int Refused;

    public bool IsSecure => Context.Pipe?.IsSecure == true;

    public bool IsAuthenticated => Context.Authentication.IsAuthenticated;

    public string? User => IsAuthenticated ? Context.Authentication.User : null;

    /// <summary>The address claimed by a PROXY header, whoever sent it; <see cref="RelayPolicy"/> decides whether it counts.</summary>
    public IPEndPoint? ProxyClaim =>
        Context.Properties.TryGetValue(ProxyCommand.ProxySourceEndpointKey, out var value) ? value as IPEndPoint : null;

    public static ReceiveSession Start(ISessionContext context, IPEndPoint peer, DateTimeOffset now)
    {
        var session = new ReceiveSession(context, peer, now);
        context.Properties[PropertyKey] = session;
        context.CommandExecuting += (_, e) => session.OnExecuting(e.Command);
        context.CommandExecuted += (_, e) => session.InData &= e.Command is not DataCommand;
        return session;
    }

    public static ReceiveSession Of(ISessionContext context) => (ReceiveSession)context.Properties[PropertyKey];

    /// <summary>
    /// A filter refuses by returning false, and SmtpServer then writes its generic <c>550 mailbox unavailable</c>;
    /// the reply set here replaces that line on its way out.
    /// </summary>
    public void Refuse(SmtpResponse reply)
    {
        Interlocked.Increment(ref Refused);
        _pendingReply = reply;
    }

    public SmtpResponse? TakePendingReply() => Interlocked.Exchange(ref _pendingReply, null);

    /// <summary>MAIL FROM was accepted: a new transaction starts.</summary>
    public void BeginTransaction(IPAddress client, string sender)
    {
        (Client, Sender) = (client, sender);
        Recipients.Clear();
    }

    private void OnExecuting(SmtpCommand command)
    {
        switch (command)
        {
            case DataCommand:
                InData = true;
                break;
            case EhloCommand ehlo:
                (Helo, Esmtp) = (ehlo.DomainOrAddress, true);
                break;
            case HeloCommand helo:
                (Helo, Esmtp) = (helo.DomainOrAddress, false);
                break;
        }
    }
}
