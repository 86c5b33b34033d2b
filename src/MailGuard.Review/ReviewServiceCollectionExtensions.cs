using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailGuard.Review;

/// <summary>Registers the review console over the host's <see cref="IQuarantineStore"/> (or an <see cref="IReviewStore"/> registered first).</summary>
public static class ReviewServiceCollectionExtensions
{
    public static IServiceCollection AddMailGuardReview(this IServiceCollection services)
    {
        services.AddOptions<ReviewOptions>()
            .BindConfiguration(ReviewOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Users.All(u => u.Name.Length > 0 && ReviewRoles.IsKnown(u.Role)),
                "Review:Users: every user needs a Name and a Role of \"reviewer\" or \"admin\".")
            .Validate(o => o.Users.All(u => PasswordHash.IsWellFormed(u.PasswordHash)),
                "Review:Users: every PasswordHash must be a line printed by 'mailguard users add'.")
            .Validate(o => o.Users.Select(u => u.Name).Distinct(StringComparer.Ordinal).Count() == o.Users.Count,
                "Review:Users: user names must be unique.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Review:TimeZone is not a known time zone.")
            .Validate(o => o.CertificatePath.Length == 0 || File.Exists(o.CertificatePath), "Review:CertificatePath: no such file.")
            .ValidateOnStart();
        // The shared quarantine store, unless the host brought its own view of it (tests bring a fake).
        services.TryAddSingleton<IReviewStore>(sp => new QuarantineReviewStore(
            sp.GetRequiredService<IQuarantineStore>(), sp.GetRequiredService<IOptions<OrganizationOptions>>(),
            sp.GetService<IOptions<DetectOptions>>(), sp.GetService<IOptions<ExtractOptions>>()));
        services.AddSingleton(sp => new SignInLockout(sp.GetRequiredService<IOptions<ReviewOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ISignInFailures>(), sp.GetRequiredService<ILogger<SignInLockout>>()));
        services.AddSingleton<ReviewConsole>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewConsole>());
        return services;
    }
}
