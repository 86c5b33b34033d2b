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
        var external = new List<string>(parties.Recipients.Count);
        foreach (var recipient in parties.Recipients)
        {
            if (!organization.Value.IsInternal(recipient))
            {
                external.Add(recipient);
            }
        }
        var facts = MessageFacts.From(extraction, message.CanSeek ? message.Length : 0);
        var verdict = policy.Decide(new ScanContext(parties.Sender, parties.Recipients, external, findings) { Facts = facts });
        LogScanned(
            logger,
            envelope?.Id.Value ?? "-",
            verdict.Name,
            verdict.Rule,
            findings.Count,
            ThirdParties(findings),
            extraction.Problems.Count);
        return Task.FromResult(new ScanReport(findings, extraction.Problems, verdict));
    }

    // Counted for the log line of every message, whether or not Debug is on: a loop, not an enumerator and a delegate.
    private static int ThirdParties(IReadOnlyList<Finding> findings)
    {
        var count = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            count += findings[i].ThirdParty ? 1 : 0;
        }
        return count;
    }

    private static MessageParties PartiesOf(ExtractionResult extraction, Envelope? envelope)
    {
        var headers = extraction.Headers;
        // HeaderBlock has no Bcc; the top-level header text does (a saved copy of sent mail keeps it). Its lines are
        // read in place: only a Bcc line becomes a string of its own.
        // Made for a message that has a Bcc line: most have none.
        List<MailboxRef>? bcc = null;
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
                    foreach (var mailbox in MailboxText.Parse(text[range][4..]))
                    {
                        (bcc ??= []).Add(mailbox.Mailbox);
                    }
                }
            }
        }
        var mailboxes = new List<MailboxRef>(headers.From.Count + headers.To.Count + headers.Cc.Count + (bcc?.Count ?? 0));
        mailboxes.AddRange(headers.From);
        mailboxes.AddRange(headers.To);
        mailboxes.AddRange(headers.Cc);
        if (bcc is not null)
        {
            mailboxes.AddRange(bcc);
        }
        if (envelope is not null)
        {
            return new MessageParties(envelope.MailFrom, envelope.Recipients, mailboxes);
        }
        var sender = headers.From.FirstOrDefault()?.Address ?? "";
        var recipients = headers.To.Concat(headers.Cc).Concat(bcc ?? [])
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
