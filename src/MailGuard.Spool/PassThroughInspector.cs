using MailGuard.Core;

namespace MailGuard.Spool;

/// <summary>Stands in for Scan and Decide until they are wired in: every message is delivered unchanged.</summary>
internal sealed class PassThroughInspector : IMessageInspector
{
    public Task<Inspection> InspectAsync(Envelope envelope, Func<Stream> openMessage, CancellationToken cancellationToken) =>
        Task.FromResult(Inspection.Deliver());
}
