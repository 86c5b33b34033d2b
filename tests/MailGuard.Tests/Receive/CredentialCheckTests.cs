using System.Net;
using MailGuard.Core;
using MailGuard.Receive;
using MailGuard.Receive.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace MailGuard.Tests.Receive;

/// <summary>
/// AUTH pays PBKDF2 once per known-good password, every time for anything else, and not at all for a locked-out client.
/// The full verifications are counted through the verifier the check is given (the real one, over cheap hashes).
/// </summary>
public sealed class CredentialCheckTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private readonly FakeTimeProvider _clock = new();
    private ReceiveOptions _options = null!;
    private int _verified;

    [SetUp]
    public void SetUp()
    {
        _verified = 0;
        _options = new ReceiveOptions
        {
            Users = [new ReceiveUser { Name = "scanner", PasswordHash = PasswordHash.Create("correct horse", iterations: 1000) }],
            AuthMaxFailures = 3,
        };
    }

    private CredentialCheck Check() => new(_options, _clock, (password, hash) =>
    {
        Interlocked.Increment(ref _verified);
        return PasswordHash.Verify(password, hash);
    });

    [Test]
    public void A_known_good_password_is_verified_in_full_once()
    {
        var check = Check();

        Assert.That(check.Check(Client, "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted));
        Assert.That(check.Check(Client, "SCANNER", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted));
        Assert.That(check.Check(IPAddress.Parse("198.51.100.7"), "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted));

        Assert.That(_verified, Is.EqualTo(1));
    }

    [Test]
    public void A_wrong_password_is_verified_in_full_every_time()
    {
        _options.AuthMaxFailures = 100;
        var check = Check();
        check.Check(Client, "scanner", "correct horse");

        Assert.That(check.Check(Client, "scanner", "correct horsf"), Is.EqualTo(CredentialOutcome.Refused));
        Assert.That(check.Check(Client, "scanner", "wrong"), Is.EqualTo(CredentialOutcome.Refused));
        Assert.That(check.Check(Client, "nobody", "correct horse"), Is.EqualTo(CredentialOutcome.Refused), "an unknown user costs the same");

        Assert.That(_verified, Is.EqualTo(4));
    }

    [Test]
    public void A_password_changed_in_the_configuration_is_not_accepted_from_memory()
    {
        var check = Check();
        Assume.That(check.Check(Client, "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted));

        _options.Users[0].PasswordHash = PasswordHash.Create("battery staple", iterations: 1000);

        Assert.That(check.Check(Client, "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Refused));
        Assert.That(check.Check(Client, "scanner", "battery staple"), Is.EqualTo(CredentialOutcome.Accepted));
        Assert.That(_verified, Is.EqualTo(3), "both verified against the new hash");
    }

    [Test]
    public void A_user_removed_from_the_configuration_is_not_accepted_from_memory()
    {
        var check = Check();
        Assume.That(check.Check(Client, "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted));

        _options.Users.Clear();

        Assert.That(check.Check(Client, "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Refused));
    }

    [Test]
    public void What_is_remembered_expires()
    {
        var check = Check();
        check.Check(Client, "scanner", "correct horse");

        _clock.Advance(_options.AuthCacheLifetime);

        Assert.That(check.Check(Client, "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted));
        Assert.That(_verified, Is.EqualTo(2));
    }

    [Test]
    public void With_the_cache_off_every_auth_is_verified()
    {
        _options.AuthCacheLifetime = TimeSpan.Zero;
        var check = Check();

        check.Check(Client, "scanner", "correct horse");
        check.Check(Client, "scanner", "correct horse");

        Assert.That(_verified, Is.EqualTo(2));
    }

    [Test]
    public void A_client_that_fails_too_often_is_refused_unchecked_until_the_period_has_passed()
    {
        var check = Check();
        check.Check(Client, "scanner", "correct horse");

        Assert.That(check.Check(Client, "scanner", "guess1"), Is.EqualTo(CredentialOutcome.Refused));
        Assert.That(check.Check(Client, "scanner", "guess2"), Is.EqualTo(CredentialOutcome.Refused));
        Assert.That(check.Check(Client, "scanner", "guess3"), Is.EqualTo(CredentialOutcome.LockedOut), "the third failure locks");
        var before = _verified;

        Assert.That(check.Check(Client, "scanner", "guess4"), Is.EqualTo(CredentialOutcome.LockedOut));
        Assert.That(check.Check(Client, "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.LockedOut), "not even a remembered password");
        Assert.That(_verified, Is.EqualTo(before), "nothing verified while locked out");
        Assert.That(check.Check(IPAddress.Parse("198.51.100.7"), "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted), "another client");

        _clock.Advance(_options.AuthLockoutPeriod);
        Assert.That(check.Check(Client, "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted));
    }

    [Test]
    public void Failures_spread_over_one_ipv6_64_count_together()
    {
        var check = Check();
        for (var i = 1; i <= 3; i++)
        {
            check.Check(IPAddress.Parse($"2001:db8:1:2::{i}"), "scanner", "guess");
        }

        Assert.That(check.Check(IPAddress.Parse("2001:db8:1:2:ffff::9"), "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.LockedOut));
        Assert.That(check.Check(IPAddress.Parse("2001:db8:1:3::1"), "scanner", "correct horse"), Is.EqualTo(CredentialOutcome.Accepted), "the next /64");
    }

    [Test]
    public void Failures_older_than_the_period_are_forgotten()
    {
        var check = Check();
        check.Check(Client, "scanner", "guess1");
        check.Check(Client, "scanner", "guess2");

        _clock.Advance(_options.AuthLockoutPeriod);

        Assert.That(check.Check(Client, "scanner", "guess3"), Is.EqualTo(CredentialOutcome.Refused), "counted afresh");
    }
}
