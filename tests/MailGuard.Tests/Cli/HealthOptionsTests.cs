using MailGuard.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Cli;

public sealed class HealthOptionsTests
{
    private static string UrlFor(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddMailGuardHealth()
            .BuildServiceProvider();
        return provider.GetRequiredService<IOptions<HealthOptions>>().Value.Url;
    }

    [Test]
    public void An_empty_url_turns_the_endpoint_off() =>
        Assert.That(UrlFor(new() { ["Health:Url"] = "" }), Is.Empty);

    [Test]
    public void No_url_keeps_the_default() =>
        Assert.That(UrlFor([]), Is.EqualTo("http://127.0.0.1:8026/health"));

    [Test]
    public void A_given_url_is_taken() =>
        Assert.That(UrlFor(new() { ["Health:Url"] = "http://127.0.0.1:9999/health" }), Is.EqualTo("http://127.0.0.1:9999/health"));
}
