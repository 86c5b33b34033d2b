using MailGuard.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Deliver;

/// <summary>Makes one <see cref="IUpstream"/> per delivery lane: SMTP to <c>Deliver:Host</c>, or the outbox folder.</summary>
public sealed class UpstreamFactory(IOptions<DeliverOptions> options, IOptions<DataOptions> data, ILoggerFactory loggers)
{
    public IUpstream Create() => options.Value.Host.Length == 0
        ? new OutboxUpstream(OutboxDirectory)
        : new SmtpUpstream(options.Value, loggers.CreateLogger<SmtpUpstream>());

    /// <summary>Where delivered mail goes when no upstream host is set.</summary>
    public string OutboxDirectory => Path.GetFullPath(Path.Combine(data.Value.DataDirectory, "outbox"));
}
