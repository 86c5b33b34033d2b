using MailGuard.Core;
using MailGuard.Scan.Decide;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Scan;

/// <summary>
/// The Scan stage as one call: extract, detect, resolve parties, decide. The relay and <c>mailguard scan</c> both
/// use it, so a message is judged the same way by both.
/// </summary>
public sealed partial class MessageScanner(
    MessageExtractor extractor,
    PersonalDataDetector detector,
    IPolicy policy,
    IOptions<OrganizationOptions> organization,
    ILogger<MessageScanner> logger)
{
    /// <summary>
    /// Scans <paramref name="message"/>. Without an <paramref name="envelope"/> (files on disk) the headers stand in
    /// for it: From is the sender, To/Cc/Bcc the recipients.
    /// </summary>
    public Task<ScanReport> ScanAsync(Stream message, Envelope? envelope, CancellationToken cancellationToken)
    {
        // Extraction and detection are CPU work on a stream the caller already holds; the relay runs it on a worker.
        var extraction = extractor.Extract(message, cancellationToken);
        var parties = PartiesOf(extraction, envelope);
        var findings = detector.Detect(extraction, parties, cancellationToken);
        var external = parties.Recipients.Where(r => !organization.Value.IsInternal(r)).ToList();
        var facts = MessageFacts.From(extraction, message.CanSeek ? message.Length : 0);
        var verdict = policy.Decide(new ScanContext(parties.Sender, parties.Recipients, external, findings) { Facts = facts });
        LogScanned(
            logger,
            envelope?.Id.Value ?? "-",
            verdict.Name,
            verdict.Rule,
            findings.Count,
            findings.Count(f => f.ThirdParty),
            extraction.Problems.Count);
        return Task.FromResult(new ScanReport(findings, extraction.Problems, verdict));
    }

    private static MessageParties PartiesOf(ExtractionResult extraction, Envelope? envelope)
    {
        var headers = extraction.Headers;
        // HeaderBlock has no Bcc; the top-level header text does (a saved copy of sent mail keeps it). Its lines are
        // read in place: only a Bcc line becomes a string of its own.
        var bcc = new List<MailboxRef>();
        foreach (var segment in extraction.Segments)
        {
            if (segment.Role != SegmentRole.Headers || segment.Location != "headers")
            {
                continue;
            }
            var text = segment.Text.Normalized;
            foreach (var range in text.AsSpan().Split('\n'))
            {
                if (text.AsSpan(range).StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase))
                {
                    bcc.AddRange(MailboxText.Parse(text[range][4..]).Select(m => m.Mailbox));
                }
            }
        }
        var mailboxes = headers.All.Concat(bcc).ToList();
        if (envelope is not null)
        {
            return new MessageParties(envelope.MailFrom, envelope.Recipients, mailboxes);
        }
        var sender = headers.From.FirstOrDefault()?.Address ?? "";
        var recipients = headers.To.Concat(headers.Cc).Concat(bcc)
            .Select(m => m.Address)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new MessageParties(sender, recipients, mailboxes);
    }

    // Debug: in the relay the policy's verdict line (rule and finding kinds) is the stage's one line per message.
    [LoggerMessage(EventId = 400, Level = LogLevel.Debug,
        Message = "scan {QueueId}: {Verdict} by {Rule}; {Findings} findings, {ThirdParty} third-party, {Problems} unscannable")]
    private static partial void LogScanned(ILogger logger, string queueId, string verdict, string rule, int findings, int thirdParty, int problems);
}
