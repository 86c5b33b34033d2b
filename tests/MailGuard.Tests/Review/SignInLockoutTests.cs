using MailGuard.Quarantine;
using MailGuard.Review;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailGuard.Tests.Review;

/// <summary>The sign-in lock-out of consoles that share a quarantine store, and of a console whose store is down.</summary>
public sealed class SignInLockoutTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
    private string dir = "";

    [SetUp]
    public void CreateDirectory() => dir = Directory.CreateTempSubdirectory("mailguard-lockout-").FullName;

    [TearDown]
    public void RemoveDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public async Task A_guess_spread_over_two_consoles_sharing_a_store_meets_one_limit()
    {
        var store = SqliteQuarantineStore.AtPath(Path.Combine(dir, "quarantine.db"), clock);
        var first = Lockout(store);
        var second = Lockout(store);

        var locked = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            locked.Add(await (i % 2 == 0 ? first : second).RecordFailureAsync("sato.reviewer", CancellationToken.None));
        }

        Assert.That(locked, Is.EqualTo(new[] { false, false, false, false, true }));
        Assert.That(await first.IsLockedOutAsync("sato.reviewer", CancellationToken.None), Is.True);
        Assert.That(await second.IsLockedOutAsync("Sato.Reviewer", CancellationToken.None), Is.True);

        // A console started later (or restarted) sees the lock too.
        Assert.That(await Lockout(store).IsLockedOutAsync("sato.reviewer", CancellationToken.None), Is.True);
        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.That(await second.IsLockedOutAsync("sato.reviewer", CancellationToken.None), Is.False);
    }

    [Test]
    public async Task While_the_store_cannot_be_reached_the_console_still_counts_and_locks_on_its_own()
    {
        var lockout = Lockout(new UnreachableStore());

        for (var i = 0; i < 4; i++)
        {
            Assert.That(await lockout.RecordFailureAsync("sato.reviewer", CancellationToken.None), Is.False);
        }
        Assert.That(await lockout.RecordFailureAsync("sato.reviewer", CancellationToken.None), Is.True);
        Assert.That(await lockout.IsLockedOutAsync("sato.reviewer", CancellationToken.None), Is.True);
    }

    private SignInLockout Lockout(ISignInFailures store) => new(
        Options.Create(new ReviewOptions { LockoutThreshold = 5, LockoutMinutes = 15 }), clock, store, NullLogger<SignInLockout>.Instance);

    private sealed class UnreachableStore : ISignInFailures
    {
        public Task<DateTimeOffset?> LockedUntilAsync(string name, DateTimeOffset now, CancellationToken cancellationToken) =>
            Task.FromException<DateTimeOffset?>(new IOException("database is unreachable"));

        public Task<SignInFailureCount> RecordAsync(string name, DateTimeOffset now, TimeSpan window, int threshold, CancellationToken cancellationToken) =>
            Task.FromException<SignInFailureCount>(new IOException("database is unreachable"));

        public Task ResetAsync(string name, CancellationToken cancellationToken) => Task.FromException(new IOException("database is unreachable"));
    }
}
