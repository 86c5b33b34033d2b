using MailGuard.Core;
using Microsoft.Extensions.Logging;

namespace MailGuard.Receive;

/// <summary>Receive's log lines: one per session outcome, one per accepted or refused message; never content or full addresses.</summary>
internal static partial class ReceiveLog
{
    [LoggerMessage(EventId = 2000, EventName = "receive.listening", Level = LogLevel.Information,
        Message = "Receive listening on {Endpoint} (STARTTLS {Tls}, AUTH {Auth})")]
    public static partial void Listening(ILogger logger, string endpoint, bool tls, bool auth);

    [LoggerMessage(EventId = 2001, EventName = "receive.accepted", Level = LogLevel.Information,
        Message = "Receive accepted {QueueId} from {Client}: {Bytes} bytes, sender {Sender}, {Recipients} recipients at {RecipientDomains}")]
    private static partial void LogAccepted(ILogger logger, string queueId, string client, long bytes, string sender, int recipients, string recipientDomains);

    /// <summary>The accepted line, and the message counted in <see cref="RelayMetrics.Received"/>.</summary>
    public static void Accepted(ILogger logger, string queueId, string client, long bytes, string sender, int recipients, string recipientDomains)
    {
        RelayMetrics.Received.Inc();
        LogAccepted(logger, queueId, client, bytes, sender, recipients, recipientDomains);
    }

    [LoggerMessage(EventId = 2010, EventName = "receive.own_headers_removed", Level = LogLevel.Warning,
        Message = "Receive removed {Count} X-MailGuard- header fields from {QueueId} sent by {Client}: only MailGuard writes them")]
    public static partial void OwnHeadersRemoved(ILogger logger, string queueId, string client, int count);

    [LoggerMessage(EventId = 2002, EventName = "receive.refused", Level = LogLevel.Information,
        Message = "Receive refused {Command} from {Client}: {Reply}")]
    private static partial void LogRefused(ILogger logger, string command, string client, string reply);

    /// <summary>The refused line, and the refusal counted in <see cref="RelayMetrics.Refused"/> by command.</summary>
    public static void Refused(ILogger logger, string command, string client, string reply)
    {
        RelayMetrics.Refused.WithLabels(command).Inc();
        LogRefused(logger, command, client, reply);
    }

    [LoggerMessage(EventId = 2003, EventName = "receive.spool_failed", Level = LogLevel.Error,
        Message = "Receive could not spool {QueueId} from {Client}; answered 451")]
    public static partial void SpoolFailed(ILogger logger, Exception exception, string queueId, string client);

    [LoggerMessage(EventId = 2004, EventName = "receive.session", Level = LogLevel.Information,
        Message = "Receive session {SessionId} from {Client} ended: {Outcome}; tls={Tls} auth={Authenticated} accepted={Accepted} refused={Refused} in {DurationMs} ms")]
    public static partial void SessionEnded(ILogger logger, string sessionId, string client, string outcome, bool tls, bool authenticated, int accepted, int refused, long durationMs);

    [LoggerMessage(EventId = 2005, EventName = "receive.session_refused", Level = LogLevel.Warning,
        Message = "Receive turned away a connection from {Client}: {Reply}")]
    public static partial void SessionRefused(ILogger logger, string client, string reply);

    [LoggerMessage(EventId = 2006, EventName = "receive.auth_failed", Level = LogLevel.Warning,
        Message = "Receive AUTH failed from {Client} for user {User} (client locked out: {LockedOut})")]
    public static partial void AuthFailed(ILogger logger, string client, string user, bool lockedOut);

    [LoggerMessage(EventId = 2007, EventName = "receive.proxy_ignored", Level = LogLevel.Warning,
        Message = "Receive ignored a PROXY header from {Client}: it is not in Receive:TrustedProxies")]
    public static partial void ProxyIgnored(ILogger logger, string client);

    [LoggerMessage(EventId = 2008, EventName = "receive.stopping", Level = LogLevel.Information,
        Message = "Receive stopped accepting; waiting up to {GraceSeconds} s for {Sessions} sessions")]
    public static partial void Stopping(ILogger logger, double graceSeconds, int sessions);

    [LoggerMessage(EventId = 2009, EventName = "receive.cut", Level = LogLevel.Warning,
        Message = "Receive cut {Sessions} sessions still open after the grace period")]
    public static partial void Cut(ILogger logger, int sessions);
}
