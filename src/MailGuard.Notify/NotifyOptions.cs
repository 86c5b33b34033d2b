namespace MailGuard.Notify;

/// <summary>The <c>Notify</c> section: who notices come from, who reviews, and in which language senders read.</summary>
public sealed class NotifyOptions
{
    public const string Section = "Notify";

    /// <summary>The From of every notice; an address at an internal domain.</summary>
    public string From { get; set; } = "MailGuard <mailguard@example.com>";

    /// <summary>Reviewers told about newly held mail; empty: nobody is told.</summary>
    public List<string> Reviewers { get; set; } = [];

    /// <summary>The notice templates folder; a relative path is relative to the configuration folder.</summary>
    public string TemplatesDirectory { get; set; } = "templates";

    /// <summary>
    /// Most findings a notice lists; the rest are counted in one line. A customer list can hold tens of thousands, and the
    /// notice is a mail to a person (the review console lists them all). Default 50.
    /// </summary>
    public int MaxListedFindings { get; set; } = 50;

    /// <summary>Language per sender address or domain (<c>"sales.example.com": "ja"</c>); others get Organization:DefaultLanguage.</summary>
    public Dictionary<string, string> SenderLanguages { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
