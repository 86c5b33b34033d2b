using MailGuard.Scan.Extract;

namespace MailGuard.Scan.Detect;

/// <summary>A piece of evidence ready to become a finding: kind, text as written, canonical value, where.</summary>
internal sealed record Evidence(string Kind, string Text, string Value, string Location);

/// <summary>One person the message mentions: their names, addresses and everything found that belongs to them.</summary>
internal sealed class Person
{
    // Each list is made with its first entry: a message has many persons, most joined into another or left with
    // only an address or a name.
    private List<string>? _names;
    private List<string>? _canonicalNames;
    private List<string>? _emails;
    private List<Evidence>? _evidence;

    public Person? Parent { get; set; }

    public IReadOnlyList<string> Names => (IReadOnlyList<string>?)_names ?? [];

    /// <summary><see cref="Names"/> in <see cref="PersonNameRecognizer.Canonical"/> form, index for index: made once per name, not per comparison.</summary>
    public IReadOnlyList<string> CanonicalNames => (IReadOnlyList<string>?)_canonicalNames ?? [];

    public IReadOnlyList<string> Emails => (IReadOnlyList<string>?)_emails ?? [];

    public IReadOnlyList<Evidence> Evidence => (IReadOnlyList<Evidence>?)_evidence ?? [];

    /// <summary>Name and address as a reader knows the person: <c>佐藤 花子 &lt;h-sato@…&gt;</c>.</summary>
    public string? Label =>
        (_names is { Count: > 0 } ? _names[0] : null, _emails is { Count: > 0 } ? _emails[0] : null) switch
        {
            (null, null) => null,
            ({ } n, null) => n,
            (null, { } e) => e,
            ({ } n, { } e) => $"{n} <{e}>",
        };

    public bool HasCanonicalName(string canonical) => _canonicalNames?.Contains(canonical) == true;

    public bool HasEmail(string email) => _emails?.Contains(email) == true;

    public void AddName(string name, string canonical)
    {
        (_names ??= []).Add(name);
        (_canonicalNames ??= []).Add(canonical);
    }

    public void AddEmail(string email) => (_emails ??= []).Add(email);

    public void AddEvidence(Evidence evidence) => (_evidence ??= []).Add(evidence);

    /// <summary>Moves this person's names, addresses and evidence to <paramref name="other"/>, which has not the same name or address twice.</summary>
    public void MoveInto(Person other)
    {
        for (var i = 0; i < (_names?.Count ?? 0); i++)
        {
            if (other._names?.Contains(_names![i]) != true)
            {
                other.AddName(_names![i], _canonicalNames![i]);
            }
        }
        if (_emails is not null)
        {
            foreach (var e in _emails)
            {
                if (!other.HasEmail(e))
                {
                    other.AddEmail(e);
                }
            }
        }
        if (_evidence is not null)
        {
            (other._evidence ??= []).AddRange(_evidence);
        }
        _names = null;
        _canonicalNames = null;
        _emails = null;
        _evidence = null;
    }
}

/// <summary>
/// The persons of one message. A person is found by any of its keys (an address, a full name); when a key
/// joins two persons they become one, so the signature's name, the forward header's mailbox and the
/// signature's phone number end up owned by the same person.
/// </summary>
internal sealed class PersonBook
{
    // Persons by address and by canonical name: two maps rather than one with a prefixed key, which cost a string per look-up.
    private readonly Dictionary<string, Person> _byEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Person> _byName = new(StringComparer.Ordinal);
    private readonly List<Person> _all = [];
    // The section writer's mailbox is asked for again on every greeting, closing and block it writes, and the same
    // mailbox comes again, as another object, from each quoted header and attribution of a thread: by value, it is
    // read (its display name asked whether it is a name) once.
    private readonly Dictionary<MailboxRef, (Person Person, bool Named)> _byMailbox = [];

    /// <summary>Every distinct person (after joining).</summary>
    public List<Person> Persons
    {
        get
        {
            // A list, not a filter over _all: the detector walks it twice.
            var persons = new List<Person>(_all.Count);
            foreach (var person in _all)
            {
                if (person.Parent is null)
                {
                    persons.Add(person);
                }
            }
            return persons;
        }
    }

    public Person Create()
    {
        var person = new Person();
        _all.Add(person);
        return person;
    }

    /// <summary>The person behind a mailbox, created when new.</summary>
    public Person For(MailboxRef mailbox) => For(mailbox, out _);

    /// <summary>The person behind a mailbox, created when new; <paramref name="named"/> when its display name is a person's name.</summary>
    public Person For(MailboxRef mailbox, out bool named)
    {
        // A mailbox with an address is found by that address's key, and its name is joined to it the first time, so
        // asking again gives the same person (reading it again would add an empty person under it). One without an
        // address may be a new person each time.
        if (mailbox.Address is not null && _byMailbox.TryGetValue(mailbox, out var known))
        {
            named = known.Named;
            return Root(known.Person);
        }
        var person = Create();
        if (mailbox.Address is { } address)
        {
            person = AddEmail(person, address);
        }
        // A display name beside an address names its owner: a Japanese given name the dictionary lacks is taken there.
        named = mailbox.DisplayName is { } name
            && (PersonNameRecognizer.IsName(name) || mailbox.Address is not null && PersonNameRecognizer.IsJapaneseNameShape(name.Trim().Trim('"').AsSpan()));
        if (named)
        {
            person = AddName(person, mailbox.DisplayName!.Trim().Trim('"'));
        }
        if (mailbox.Address is not null)
        {
            _byMailbox[mailbox] = (person, named);
        }
        return Root(person);
    }

    public Person AddEmail(Person person, string address)
    {
        person = Root(person);
        var value = address.ToLowerInvariant();
        if (!person.HasEmail(value))
        {
            person.AddEmail(value);
        }
        return Link(_byEmail, person, value);
    }

    public Person AddName(Person person, string name) => AddName(person, name, out _);

    /// <summary>Adds <paramref name="name"/>; <paramref name="canonical"/> is its canonical form, for the caller's evidence.</summary>
    public Person AddName(Person person, string name, out string canonical)
    {
        person = Root(person);
        canonical = PersonNameRecognizer.Canonical(name);
        if (!person.HasCanonicalName(canonical))
        {
            person.AddName(name, canonical);
        }
        return canonical.Length >= 3 ? Link(_byName, person, canonical) : person;
    }

    public static Person Root(Person person)
    {
        while (person.Parent is not null)
        {
            person = person.Parent;
        }
        return person;
    }

    private static Person Link(Dictionary<string, Person> byKey, Person person, string key)
    {
        if (!byKey.TryGetValue(key, out var other))
        {
            byKey[key] = person;
            return person;
        }
        other = Root(other);
        if (ReferenceEquals(other, person))
        {
            return person;
        }
        // The person already known keeps the place; the new one's evidence moves over.
        person.Parent = other;
        person.MoveInto(other);
        return other;
    }
}
