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
        // Read in place: every recipient and every address a message names is asked, some several times a message.
        var text = addressOrDomain.AsSpan();
        var at = text.LastIndexOf('@');
        var domain = (at >= 0 ? text[(at + 1)..] : text).Trim().TrimEnd('.').TrimEnd('>');
        foreach (var d in InternalDomains)
        {
            var ours = d.AsSpan().Trim().TrimEnd('.');
            // The domain itself, or one below it: "." + ours at the end.
            if (domain.Equals(ours, StringComparison.OrdinalIgnoreCase)
                || (domain.Length > ours.Length && domain[^(ours.Length + 1)] == '.' && domain.EndsWith(ours, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }
}
