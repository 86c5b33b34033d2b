using MailGuard.Core;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.Options;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Detect: turns the extracted segments into findings, each tied to the person it belongs to and marked party or
/// third party.
/// </summary>
public sealed class PersonalDataDetector
{
    private const string TopLevelHeaders = "headers";

    private readonly DetectOptions _options;
    private readonly OrganizationOptions _organization;
    private readonly SegmentReader _segments;
    private readonly ContactTableReader _tables;
    private readonly HashSet<string> _roleMailboxes;

    public PersonalDataDetector(IOptions<DetectOptions> options, IOptions<OrganizationOptions> organization)
    {
        _options = options.Value;
        _organization = organization.Value;
        var phones = new PhoneRecognizer(_options.PhoneRegions);
        _segments = new SegmentReader(phones);
        _tables = new ContactTableReader(phones);
        _roleMailboxes = PartyResolver.RoleMailboxSet(_options.RoleMailboxes);
    }

    /// <summary>Finds the personal data in <paramref name="extraction"/> and judges whose it is.</summary>
    public IReadOnlyList<Finding> Detect(ExtractionResult extraction, MessageParties parties, CancellationToken cancellationToken = default)
    {
        var book = new PersonBook();
        var phoneMatches = new PhoneMatches();
        var sender = extraction.Headers.From.FirstOrDefault() ?? new MailboxRef(null, parties.Sender);
        // The top-level parties are persons too, so a signature or a quoted header joins them by address or name.
        foreach (var mailbox in parties.HeaderMailboxes)
        {
            book.For(mailbox);
        }
        foreach (var segment in extraction.Segments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadStructuredHeaders(segment, extraction.Headers, book);
            switch (segment.Role)
            {
                case SegmentRole.Table:
                    _tables.ReadTable(segment, book, phoneMatches);
                    break;
                case SegmentRole.Card:
                    _tables.ReadCard(segment, book);
                    break;
                case SegmentRole.FileName:
                    break;
                case SegmentRole.Headers when segment.Location == TopLevelHeaders:
                    // The message's own From/To/Cc are the parties themselves, not data found in the message.
                    break;
                default:
                    _segments.Read(segment, WriterOf(segment, sender), book, phoneMatches);
                    break;
            }
        }
        var resolver = new PartyResolver(parties, _organization, _roleMailboxes);
        // Sized for all evidence up front: growing both by doubling was most of what they allocated.
        var evidenceCount = extraction.Problems.Count;
        var persons = book.Persons;
        foreach (var person in persons)
        {
            evidenceCount += person.Evidence.Count;
        }
        var findings = new List<Finding>(evidenceCount);
        var seen = new HashSet<(string, string, string, string?)>(evidenceCount, FindingKeyComparer.Instance);
        foreach (var person in persons)
        {
            // A person with nothing found (the message's own parties, mostly) is not judged: judging asks every
            // name against every party's address.
            if (person.Evidence.Count == 0)
            {
                continue;
            }
            // Data with no name or address of its own and no known writer is left unjudged: not third party.
            var thirdParty = resolver.IsParty(person) == false;
            var owner = person.Label;
            var found = person.Evidence;
            for (var i = 0; i < found.Count; i++)
            {
                var evidence = found[i];
                if (evidence.Text.Length == 0 || !seen.Add((evidence.Kind, evidence.Value, evidence.Location, owner)))
                {
                    continue;
                }
                var isRoleMailbox = evidence.Kind == FindingKind.Email && resolver.IsPartyAddress(evidence.Value);
                findings.Add(new Finding(
                    evidence.Kind,
                    evidence.Text,
                    evidence.Location,
                    thirdParty && !isRoleMailbox,
                    owner,
                    Redactor.Redact(evidence.Kind, evidence.Text)));
            }
        }
        foreach (var problem in extraction.Problems)
        {
            findings.Add(new Finding(FindingKind.Unscannable, problem.Reason, problem.Location, true, null, problem.Reason));
        }
        return findings;
    }

    // Forwarded and quoted sections and nested messages were written by their own From; the rest by the sender.
    private static MailboxRef? WriterOf(TextSegment segment, MailboxRef sender) =>
        segment.Headers is { From.Count: > 0 } headers ? headers.From[0]
        : segment.Role is SegmentRole.Authored or SegmentRole.Headers ? sender
        : segment.Role is SegmentRole.Quoted or SegmentRole.Forwarded ? null
        : null;

    // Header blocks that extraction parsed (rather than left as text) still name persons.
    private static void ReadStructuredHeaders(TextSegment segment, HeaderBlock topLevel, PersonBook book)
    {
        if (segment.Headers is not { } headers || ReferenceEquals(headers, topLevel) || headers == topLevel)
        {
            return;
        }
        // The three lists one after the other, without the iterators of HeaderBlock.All.
        ReadMailboxes(headers.From, segment, book);
        ReadMailboxes(headers.To, segment, book);
        ReadMailboxes(headers.Cc, segment, book);
    }

    private static void ReadMailboxes(IReadOnlyList<MailboxRef> mailboxes, TextSegment segment, PersonBook book)
    {
        for (var i = 0; i < mailboxes.Count; i++)
        {
            var mailbox = mailboxes[i];
            var person = book.For(mailbox, out var named);
            if (named && mailbox.DisplayName is { } name)
            {
                PersonBook.Root(person).AddEvidence(new Evidence(FindingKind.Person, name, PersonNameRecognizer.Canonical(name), segment.Location));
            }
            if (mailbox.Address is { } address)
            {
                PersonBook.Root(person).AddEvidence(new Evidence(FindingKind.Email, address, address.ToLowerInvariant(), segment.Location));
            }
        }
    }

    // The findings' keys compared as strings. Only the value (what varies: thousands of numbers in a spreadsheet)
    // gets the string hash, randomized so that crafted values cannot collide; kind, location and owner, few per
    // message and long (an owner is "name <address>"), are hashed by their lengths and a few characters. Hashing
    // all four whole was most of what the set cost.
    private sealed class FindingKeyComparer : IEqualityComparer<(string Kind, string Value, string Location, string? Owner)>
    {
        public static readonly FindingKeyComparer Instance = new();

        public bool Equals((string Kind, string Value, string Location, string? Owner) x, (string Kind, string Value, string Location, string? Owner) y) =>
            string.Equals(x.Value, y.Value, StringComparison.Ordinal) && string.Equals(x.Kind, y.Kind, StringComparison.Ordinal)
            && string.Equals(x.Location, y.Location, StringComparison.Ordinal) && string.Equals(x.Owner, y.Owner, StringComparison.Ordinal);

        public int GetHashCode((string Kind, string Value, string Location, string? Owner) key) =>
            HashCode.Combine(key.Value.GetHashCode(StringComparison.Ordinal), Sample(key.Location), key.Kind.Length, key.Owner is null ? -1 : Sample(key.Owner));

        private static int Sample(string text) =>
            text.Length == 0 ? 0 : text.Length ^ (text[0] << 8) ^ (text[text.Length / 2] << 12) ^ (text[^1] << 20);
    }
}
