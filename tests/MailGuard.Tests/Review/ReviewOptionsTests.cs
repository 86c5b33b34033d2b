using MailGuard.Core;
using MailGuard.Review;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Review;

/// <summary>A console that cannot be used is refused at start, with the key in the message.</summary>
public sealed class ReviewOptionsTests
{
    [TestCase("Review:Users:0:PasswordHash", "hunter2", "mailguard users add")]
    [TestCase("Review:Users:0:Role", "root", "\"reviewer\" or \"admin\"")]
    [TestCase("Review:TimeZone", "Mars/Olympus", "Review:TimeZone")]
    [TestCase("Review:CookieSecure", "Never", "CookieSecure")]
    [TestCase("Review:LockoutThreshold", "0", "LockoutThreshold")]
    public void Bad_settings_fail_validation(string key, string value, string expected)
    {
        var settings = ReviewConsoleHost.Settings(50, Path.GetTempPath());
        settings[key] = value;
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddMailGuardCore()
            .AddMailGuardReview()
            .BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<ReviewOptions>>().Value);
        Assert.That(failure!.Message, Does.Contain(expected));
    }

    [Test]
    public void The_shipped_defaults_are_valid()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddMailGuardCore()
            .AddMailGuardReview()
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<ReviewOptions>>().Value;
        Assert.That((options.Urls, options.LockoutThreshold, options.CookieSecure), Is.EqualTo(("http://127.0.0.1:8025", 5, "Always")));
    }
}
