using System.Globalization;
using MailGuard.Core;
using MailGuard.Quarantine;
using MimeKit;

namespace MailGuard.Notify;

/// <summary>A notice ready for the delivery queue.</summary>
public sealed record Notice(Envelope Envelope, MimeMessage Message);

/// <summary>
/// Writes the notices about a quarantined message from the templates: to its sender (only when internal or
/// authenticated, so a forged outside sender never gets backscatter) and to the reviewers. Everything shown of the
/// findings is the redacted form the store keeps.
/// </summary>
public sealed class NoticeComposer(NotifyOptions options, OrganizationOptions organization, NoticeTemplates templates, TimeProvider clock, TimeSpan retention)
{
    /// <summary>True when the message's sender may be told about it.</summary>
    public bool MayNotifySender(Envelope envelope) =>
        envelope.MailFrom.Contains('@') && (organization.IsInternal(envelope.MailFrom) || envelope.AuthenticatedUser is not null);

    /// <summary>The sender's language: their configured preference (address, then domain), else the organisation's.</summary>
    public string LanguageFor(string address)
    {
        var a = address.Trim().ToLowerInvariant();
        if (options.SenderLanguages.TryGetValue(a, out var own))
        {
            return own;
        }
        for (var domain = a[(a.LastIndexOf('@') + 1)..]; domain.Length > 0; domain = domain.Contains('.') ? domain[(domain.IndexOf('.') + 1)..] : "")
        {
            if (options.SenderLanguages.TryGetValue(domain, out var byDomain))
            {
                return byDomain;
            }
        }
        return organization.DefaultLanguage;
    }

    /// <summary>The notices an outbox row of kind <paramref name="kind"/> stands for; empty when nobody may be told.</summary>
    /// <param name="note">The reviewer's reason for a release or rejection, or null.</param>
    public IReadOnlyList<Notice> Compose(OutboxKind kind, QuarantineItem item, string? note)
    {
        if (kind == OutboxKind.ReviewersHeld)
        {
            return options.Reviewers.Count == 0 ? [] : [Build(kind, item, note, options.Reviewers, organization.DefaultLanguage)];
        }
        if (!NoticeTemplates.Names.ContainsKey(kind) || !MayNotifySender(item.Envelope))
        {
            return [];
        }
        return [Build(kind, item, note, [item.Envelope.MailFrom], LanguageFor(item.Envelope.MailFrom))];
    }

    /// <summary>The first findings one per line, then the count of the rest by kind: those stored but not listed and those the store only counted.</summary>
    private string Findings(QuarantineItem item, NoticeWords words)
    {
        var listed = item.Findings.Take(options.MaxListedFindings).Select(words.Describe);
        var unlisted = new Dictionary<string, int>(item.OmittedFindings);
        foreach (var finding in item.Findings.Skip(options.MaxListedFindings))
        {
            unlisted[finding.Kind] = unlisted.GetValueOrDefault(finding.Kind) + 1;
        }
        return string.Join("\n", unlisted.Count > 0 ? listed.Append(words.Unlisted(unlisted)) : listed);
    }

    private Notice Build(OutboxKind kind, QuarantineItem item, string? note, IReadOnlyList<string> to, string language)
    {
        var template = templates.Get(kind, language);
        var words = NoticeWords.For(language);
        var values = new Dictionary<string, string>
        {
            ["id"] = item.Id,
            ["subject"] = item.Subject,
            ["sender"] = item.Envelope.MailFrom,
            ["recipients"] = string.Join(", ", item.Envelope.Recipients),
            ["rule"] = item.Rule,
            ["reason"] = item.Reason.TryGetValue(language, out var r) ? r : item.Reason.GetValueOrDefault("en", item.Rule),
            ["findings"] = Findings(item, words),
            ["note"] = string.IsNullOrWhiteSpace(note) ? words.NoNote : note,
            ["held_at"] = item.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["retention_days"] = retention.TotalDays.ToString("0.#", CultureInfo.InvariantCulture),
        };
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var address in to)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }
        message.Subject = NoticeTemplates.Fill(template.Subject, values).ReplaceLineEndings(" ");
        message.Date = clock.GetUtcNow();
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(message.From.Mailboxes.First().Domain);
        // RFC 3834: an automatic message, so auto-responders do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-MailGuard-Notice", NoticeTemplates.Names[kind]);
        message.Headers.Add("X-MailGuard-Id", item.Id);
        var body = new TextPart("plain");
        body.SetText("utf-8", NoticeTemplates.Fill(template.Body, values).ReplaceLineEndings("\r\n"));
        message.Body = body;
        message.Prepare(EncodingConstraint.SevenBit);
        // The null reverse-path: a notice that cannot be delivered must not bounce back and loop.
        var envelope = new Envelope(SpoolId.New(clock), "", to, null, null, clock.GetUtcNow());
        return new Notice(envelope, message);
    }
}
