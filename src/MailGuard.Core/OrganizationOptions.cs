namespace MailGuard.Core;

/// <summary>The <c>Organization</c> section: who "we" are.</summary>
public sealed class OrganizationOptions
{
    public const string Section = "Organization";

    /// <summary>The company's own mail domains; subdomains count too. Default <c>["example.com"]</c>.</summary>
    public List<string> InternalDomains { get; set; } = [];

    /// <summary>Language of notices when the sender has no preference: <c>ja</c> or <c>en</c>.</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>True when the address (or bare domain) is at one of <see cref="InternalDomains"/> or below one.</summary>
    public bool IsInternal(string addressOrDomain)
    {
        var at = addressOrDomain.LastIndexOf('@');
        var domain = (at >= 0 ? addressOrDomain[(at + 1)..] : addressOrDomain).Trim().TrimEnd('.').TrimEnd('>');
        foreach (var d in InternalDomains)
        {
            var ours = d.Trim().TrimEnd('.');
            if (domain.Equals(ours, StringComparison.OrdinalIgnoreCase)
                || domain.EndsWith("." + ours, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
