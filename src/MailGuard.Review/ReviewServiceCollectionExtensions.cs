using MailGuard.Core;
using Microsoft.Extensions.DependencyInjection;

namespace MailGuard.Review;

/// <summary>Registers the review console; the host must also register an <see cref="IReviewStore"/>.</summary>
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
        services.AddSingleton<SignInLockout>();
        services.AddSingleton<ReviewConsole>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewConsole>());
        return services;
    }
}
