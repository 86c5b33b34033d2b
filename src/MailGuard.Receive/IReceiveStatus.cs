using System.Net;

namespace MailGuard.Receive;

/// <summary>What a health check may ask of Receive.</summary>
public interface IReceiveStatus
{
    /// <summary>True between a successful start and the beginning of shutdown.</summary>
    bool IsAccepting { get; }

    /// <summary>The endpoints actually bound (port 0 in the configuration becomes the port the system chose).</summary>
    IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <summary>SMTP sessions open right now.</summary>
    int ActiveSessions { get; }
}
