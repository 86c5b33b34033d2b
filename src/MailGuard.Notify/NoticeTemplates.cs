using MailGuard.Quarantine;

namespace MailGuard.Notify;

/// <summary>A notice template: the subject line and the body, with <c>{{placeholders}}</c>.</summary>
public sealed record NoticeTemplate(string Subject, string Body);

/// <summary>
/// The notice templates of <c>config/templates/</c>: one file per notice and language, <c>sender-held.ja.txt</c>,
/// whose first line is <c>Subject: ...</c>, then a blank line and the body. All are read and checked at start.
/// </summary>
public sealed class NoticeTemplates
{
    /// <summary>The languages notices are written in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ja"];

    /// <summary>The template name of each notice kind.</summary>
    public static readonly IReadOnlyDictionary<OutboxKind, string> Names = new Dictionary<OutboxKind, string>
    {
        [OutboxKind.SenderHeld] = "sender-held",
        [OutboxKind.SenderRejected] = "sender-rejected",
        [OutboxKind.SenderReleased] = "sender-released",
        [OutboxKind.SenderReviewerRejected] = "sender-reviewer-rejected",
        [OutboxKind.SenderExpired] = "sender-expired",
        [OutboxKind.ReviewersHeld] = "reviewers-held",
    };

    private readonly Dictionary<(OutboxKind, string), NoticeTemplate> _templates;

    private NoticeTemplates(Dictionary<(OutboxKind, string), NoticeTemplate> templates) => _templates = templates;

    /// <summary>Reads every template from <paramref name="directory"/>; throws <see cref="InvalidDataException"/> naming each missing or malformed file.</summary>
    public static NoticeTemplates Load(string directory)
    {
        var templates = new Dictionary<(OutboxKind, string), NoticeTemplate>();
        var problems = new List<string>();
        foreach (var (kind, name) in Names)
        {
            foreach (var language in Languages)
            {
                var path = Path.Combine(directory, $"{name}.{language}.txt");
                if (!File.Exists(path))
                {
                    problems.Add($"{path}: missing");
                    continue;
                }
                var text = File.ReadAllText(path).ReplaceLineEndings("\n");
                var firstBreak = text.IndexOf('\n', StringComparison.Ordinal);
                var first = firstBreak < 0 ? text : text[..firstBreak];
                if (!first.StartsWith("Subject:", StringComparison.Ordinal))
                {
                    problems.Add($"{path}: line 1 must be 'Subject: ...'");
                    continue;
                }
                templates[(kind, language)] = new NoticeTemplate(first["Subject:".Length..].Trim(), firstBreak < 0 ? "" : text[(firstBreak + 1)..].TrimStart('\n'));
            }
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException("notice templates: " + string.Join("; ", problems));
        }
        return new NoticeTemplates(templates);
    }

    /// <summary>The template of a notice in a language (<c>en</c> when the language has none).</summary>
    public NoticeTemplate Get(OutboxKind kind, string language) =>
        _templates.TryGetValue((kind, language), out var t) ? t : _templates[(kind, "en")];

    /// <summary>Replaces each <c>{{name}}</c> by its value; unknown names stay visible so a typo shows in tests.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var result = template;
        foreach (var (name, value) in values)
        {
            result = result.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }
        return result;
    }
}
