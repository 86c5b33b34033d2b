using MailGuard.Core;
using MailGuard.Review;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MailGuard.Tests.Review;

/// <summary>
/// The console running for real on a free port on 127.0.0.1, inside a generic host as <c>mailguard run</c> hosts it,
/// over an in-memory store seeded with <see cref="SampleMail"/>, with a fake clock.
/// </summary>
internal sealed class ReviewConsoleHost : IAsyncDisposable
{
    public const string ReviewerName = "sato.reviewer";
    public const string ReviewerPassword = "correct horse 1";
    public const string AdminName = "kato.admin";
    public const string AdminPassword = "battery staple 2";
    public const string MetricsToken = "scrape-token-for-tests";

    private readonly IHost host;
    private readonly string keys;

    private ReviewConsoleHost(IHost host, InMemoryReviewStore store, FakeTimeProvider clock, string keys)
    {
        this.host = host;
        this.keys = keys;
        Store = store;
        Clock = clock;
        BaseAddress = new Uri(host.Services.GetRequiredService<ReviewConsole>().Addresses[0].Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public InMemoryReviewStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public Uri BaseAddress { get; }

    public static async Task<ReviewConsoleHost> StartAsync(int pageSize = 50, Action<InMemoryReviewStore>? seed = null)
    {
        // The seed builds mail with MimeKit, which must not run before the code pages are registered.
        EncodingSupport.EnsureRegistered();
        var clock = new FakeTimeProvider(SampleMail.Now);
        var store = new InMemoryReviewStore(clock);
        (seed ?? SampleMail.Seed)(store);
        var keys = Directory.CreateTempSubdirectory("mailguard-review-keys-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings(pageSize, keys));
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMailGuardCore();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IReviewStore>(store);
        builder.Services.AddMailGuardReview();
        var host = builder.Build();
        await host.StartAsync();
        return new ReviewConsoleHost(host, store, clock, keys);
    }

    /// <summary>The configuration the tests run with: port 0, one reviewer, one admin (cheap hashes: tests sign in often).</summary>
    public static Dictionary<string, string?> Settings(int pageSize, string keys) => new()
    {
        ["Review:Urls"] = "http://127.0.0.1:0",
        ["Review:KeysDirectory"] = keys,
        ["Review:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Review:MetricsToken"] = MetricsToken,
        ["Review:Users:0:Name"] = ReviewerName,
        ["Review:Users:0:Role"] = "reviewer",
        ["Review:Users:0:PasswordHash"] = PasswordHash.Create(ReviewerPassword, 1000),
        ["Review:Users:1:Name"] = AdminName,
        ["Review:Users:1:Role"] = "admin",
        ["Review:Users:1:PasswordHash"] = PasswordHash.Create(AdminPassword, 1000),
    };

    public ConsoleClient Client() => new(BaseAddress);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();
        Directory.Delete(keys, recursive: true);
    }
}
