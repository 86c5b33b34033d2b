using MailGuard.Core;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Tells parties from third parties. Parties: the envelope sender and recipients, every header From/To/Cc/Bcc
/// mailbox, anyone at an internal domain, a role mailbox (<c>accounts@</c>) at a party's domain, and a name that is
/// a party's display name or fits a party's mailbox (<c>Kenichi Mori</c> ~ <c>k.mori@</c>, <c>森 健一</c> ~ <c>k.mori@</c>
/// by the dictionary reading).
/// </summary>
internal sealed class PartyResolver
{
    private readonly OrganizationOptions _organization;
    private readonly HashSet<string> _roleMailboxes;
    private readonly HashSet<string> _addresses = new(StringComparer.OrdinalIgnoreCase);
    // The local parts of _addresses as NameSpellings compares them, made once rather than per name and spelling.
    private readonly List<string> _localLetters = [];
    private readonly HashSet<string> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <param name="roleMailboxes">Local parts of role mailboxes, compared ignoring case (<see cref="RoleMailboxSet"/>).</param>
    public PartyResolver(MessageParties parties, OrganizationOptions organization, HashSet<string> roleMailboxes)
    {
        _organization = organization;
        _roleMailboxes = roleMailboxes;
        foreach (var address in parties.Recipients)
        {
            AddAddress(address);
        }
        AddAddress(parties.Sender);
        foreach (var mailbox in parties.HeaderMailboxes)
        {
            AddAddress(mailbox.Address ?? "");
            if (mailbox.DisplayName is { } name)
            {
                _names.Add(PersonNameRecognizer.Canonical(name));
            }
        }
    }

    private void AddAddress(string address)
    {
        var a = address.Trim().Trim('<', '>').ToLowerInvariant();
        var at = a.IndexOf('@');
        if (at < 0)
        {
            return;
        }
        // The same party is usually named by the envelope and the headers: its local part is reduced once.
        if (_addresses.Add(a))
        {
            _localLetters.Add(NameSpellings.LettersOf(a[..at]));
        }
        _domains.Add(a[(a.LastIndexOf('@') + 1)..]);
    }

    /// <summary>The configured role mailboxes as the resolver looks them up; made once, not per message.</summary>
    public static HashSet<string> RoleMailboxSet(IEnumerable<string> roleMailboxes) => new(roleMailboxes, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the address belongs to a party (or to a party's company, for role mailboxes).</summary>
    public bool IsPartyAddress(string address)
    {
        if (_addresses.Contains(address) || _organization.IsInternal(address))
        {
            return true;
        }
        return IsRoleMailbox(address, out var domain) && _domains.GetAlternateLookup<ReadOnlySpan<char>>().Contains(domain);
    }

    // A role mailbox's local part (info@, accounts@) at any domain; the domain, after the last '@', read in place.
    private bool IsRoleMailbox(string address, out ReadOnlySpan<char> domain)
    {
        var at = address.LastIndexOf('@');
        domain = at > 0 ? address.AsSpan(at + 1) : default;
        return at > 0 && _roleMailboxes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(address.AsSpan(0, at));
    }

    /// <summary>True when the name is a party's display name or fits a party's mailbox.</summary>
    public bool IsPartyName(string name) => IsPartyName(name, PersonNameRecognizer.Canonical(name));

    // A person's names come with their canonical form already made.
    private bool IsPartyName(string name, string canonical)
    {
        if (_names.Contains(canonical) || _names.Contains(Reversed(name) ?? ""))
        {
            return true;
        }
        // A lone surname or given name from a greeting or closing ("山田様", "Marcus"): part of a party's name.
        if (canonical.Length > 0 && !name.AsSpan().Trim().Contains(' ') && IsPartOfPartyName(canonical))
        {
            return true;
        }
        return NameSpellings.FitsAny(name, _localLetters);
    }

    private bool IsPartOfPartyName(string canonical)
    {
        foreach (var n in _names)
        {
            if (n.Length > canonical.Length && (n.StartsWith(canonical, StringComparison.Ordinal) || n.EndsWith(canonical, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A person is a party when any of their addresses or names is; a person with neither is not judged here, nor is
    /// one known only by role mailboxes (<c>info@</c> of a venue): that is an organisation, and its public address and
    /// switchboard are no person's data.
    /// </summary>
    public bool? IsParty(Person person)
    {
        var emails = person.Emails;
        var onlyRoles = person.Names.Count == 0 && emails.Count > 0;
        for (var i = 0; i < emails.Count; i++)
        {
            if (IsPartyAddress(emails[i]))
            {
                return true;
            }
            onlyRoles &= IsRoleMailbox(emails[i], out _);
        }
        if (onlyRoles)
        {
            return null;
        }
        for (var i = 0; i < person.Names.Count; i++)
        {
            if (IsPartyName(person.Names[i], person.CanonicalNames[i]))
            {
                return true;
            }
        }
        return person.Emails.Count > 0 || person.Names.Count > 0 ? false : null;
    }

    // "Mori Kenichi" for "Kenichi Mori": null unless the name is two words. The words are found in place; only a
    // two-word name is joined and made canonical.
    private static string? Reversed(string name)
    {
        var text = name.AsSpan().Trim();
        Range first = default, second = default;
        var parts = 0;
        foreach (var range in text.SplitAny(' ', '\u3000'))
        {
            if (range.GetOffsetAndLength(text.Length).Length == 0)
            {
                continue;
            }
            if (++parts > 2)
            {
                return null;
            }
            (parts == 1 ? ref first : ref second) = range;
        }
        return parts == 2 ? PersonNameRecognizer.Canonical(string.Concat(text[second], text[first])) : null;
    }
}
