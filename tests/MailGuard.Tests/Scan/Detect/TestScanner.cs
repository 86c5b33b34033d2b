using MailGuard.Core;
using MailGuard.Scan;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailGuard.Tests.Scan.Detect;

/// <summary>A <see cref="MessageScanner"/> built with the relay's registrations and the given internal domains.</summary>
internal static class TestScanner
{
    public static MessageScanner Create(IEnumerable<string> internalDomains)
    {
        var settings = internalDomains.Select((d, i) => new KeyValuePair<string, string?>($"Organization:InternalDomains:{i}", d));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMailGuardCore();
        services.AddMailGuardScan();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }).GetRequiredService<MessageScanner>();
    }

    public static async Task<ScanReport> ScanFileAsync(this MessageScanner scanner, string path)
    {
        await using var stream = File.OpenRead(path);
        return await scanner.ScanAsync(stream, null, CancellationToken.None);
    }
}
