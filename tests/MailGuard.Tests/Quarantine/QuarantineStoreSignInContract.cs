using MailGuard.Quarantine;

namespace MailGuard.Tests.Quarantine;

/// <summary>The review console's failed sign-ins as every store keeps them (<see cref="ISignInFailures"/>).</summary>
public abstract partial class QuarantineStoreContract
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private ISignInFailures SignIns => (ISignInFailures)Store;

    [Test]
    public async Task The_fifth_failure_locks_a_name_in_any_case_until_the_window_has_passed()
    {
        for (var i = 1; i <= 4; i++)
        {
            var counted = await SignIns.RecordAsync(i % 2 == 0 ? "Sato.Reviewer" : "sato.reviewer", Clock.GetUtcNow(), Window, 5, CancellationToken.None);
            Assert.That(counted, Is.EqualTo(new SignInFailureCount(i, null)));
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.That(await SignIns.LockedUntilAsync("sato.reviewer", Clock.GetUtcNow(), CancellationToken.None), Is.Null);

        var locked = await SignIns.RecordAsync("SATO.REVIEWER", Clock.GetUtcNow(), Window, 5, CancellationToken.None);
        Assert.That(locked, Is.EqualTo(new SignInFailureCount(5, Clock.GetUtcNow() + Window)));
        Assert.That(await SignIns.LockedUntilAsync("sato.reviewer", Clock.GetUtcNow(), CancellationToken.None), Is.EqualTo(Clock.GetUtcNow() + Window));
        Assert.That(await SignIns.LockedUntilAsync("kato.admin", Clock.GetUtcNow(), CancellationToken.None), Is.Null, "other names are not locked");

        Clock.Advance(Window);
        Assert.That(await SignIns.LockedUntilAsync("sato.reviewer", Clock.GetUtcNow(), CancellationToken.None), Is.Null, "the lock ends");
        Assert.That(await SignIns.RecordAsync("sato.reviewer", Clock.GetUtcNow(), Window, 5, CancellationToken.None), Is.EqualTo(new SignInFailureCount(1, null)),
            "a lock that ran out starts the count afresh");
    }

    [Test]
    public async Task Failures_older_than_the_window_are_not_counted_and_a_reset_forgets_them()
    {
        await SignIns.RecordAsync("sato.reviewer", Clock.GetUtcNow(), Window, 5, CancellationToken.None);
        await SignIns.RecordAsync("sato.reviewer", Clock.GetUtcNow(), Window, 5, CancellationToken.None);
        Clock.Advance(Window + TimeSpan.FromSeconds(1));
        Assert.That((await SignIns.RecordAsync("sato.reviewer", Clock.GetUtcNow(), Window, 5, CancellationToken.None)).Count, Is.EqualTo(1));
        Assert.That((await SignIns.RecordAsync("sato.reviewer", Clock.GetUtcNow(), Window, 5, CancellationToken.None)).Count, Is.EqualTo(2));

        await SignIns.ResetAsync("Sato.Reviewer", CancellationToken.None);
        Assert.That((await SignIns.RecordAsync("sato.reviewer", Clock.GetUtcNow(), Window, 5, CancellationToken.None)).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Failures_recorded_at_once_are_all_counted()
    {
        var counted = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            Task.Run(() => SignIns.RecordAsync("sato.reviewer", Clock.GetUtcNow(), Window, 5, CancellationToken.None))));
        Assert.That(counted.Select(c => c.Count).Order(), Is.EqualTo(Enumerable.Range(1, 12)));
        Assert.That(counted.Count(c => c.LockedUntil is not null), Is.EqualTo(8), "the fifth and every one after it lock");
    }
}
