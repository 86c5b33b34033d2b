using System.ComponentModel.DataAnnotations;

namespace MailGuard.Review;

/// <summary>The <c>Review</c> section: where the console listens, who may sign in, and how sessions behave.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>Where the console listens, <c>;</c>-separated. Port 0 picks a free port (tests).</summary>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:8025";

    /// <summary>The accounts that may sign in; <c>mailguard users add</c> prints an entry.</summary>
    public List<ReviewUser> Users { get; set; } = [];

    /// <summary>Failed sign-ins for one account name before it is locked out.</summary>
    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a locked-out account stays locked, in minutes.</summary>
    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A session ends after this many idle minutes (sliding).</summary>
    [Range(1, 1440)]
    public int SessionMinutes { get; set; } = 30;

    /// <summary>
    /// <c>Always</c>: the session cookie is marked Secure (browsers accept it on https and on http://127.0.0.1);
    /// <c>SameAsRequest</c>: only when the request came over https.
    /// </summary>
    [RegularExpression("^(Always|SameAsRequest)$")]
    public string CookieSecure { get; set; } = "Always";

    /// <summary>A PKCS#12 file with the certificate for https URLs; empty when only http is used.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The password of <see cref="CertificatePath"/>, if any.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>A bearer token that lets a Prometheus scraper read <c>/metrics</c> without a session; empty: signed-in users only.</summary>
    public string MetricsToken { get; set; } = "";

    /// <summary>Where the cookie-protection keys live, so sessions survive a restart; empty: DataDirectory/review-keys.</summary>
    public string KeysDirectory { get; set; } = "";

    /// <summary>The time zone dates are shown and filtered in (IANA name).</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Rows per page in the quarantine list and the audit log.</summary>
    [Range(1, 500)]
    public int PageSize { get; set; } = 50;

    /// <summary>Most characters of a message's text or HTML body the message page reads and shows; the rest is cut with a note.</summary>
    [Range(1_000, 10_000_000)]
    public int PreviewCharacters { get; set; } = 200_000;
}

/// <summary>One console account.</summary>
public sealed class ReviewUser
{
    /// <summary>The sign-in name.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>reviewer</c> (list, read, decide) or <c>admin</c> (also the audit log).</summary>
    public string Role { get; set; } = ReviewRoles.Reviewer;

    /// <summary>The hash <c>mailguard users add</c> prints; never the password itself.</summary>
    public string PasswordHash { get; set; } = "";
}

/// <summary>The two roles of the console.</summary>
public static class ReviewRoles
{
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    public static bool IsKnown(string role) => role is Reviewer or Admin;
}
