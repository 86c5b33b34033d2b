using System.Globalization;
using MailGuard.Core;
using MailGuard.Quarantine;

namespace MailGuard.Notify;

/// <summary>The words notices use for finding kinds and places, per language.</summary>
internal sealed record NoticeWords(
    IReadOnlyDictionary<string, string> Kinds,
    string Body,
    string Quoted,
    string Forwarded,
    string Attachment,
    string NoNote,
    string Format,
    string More,
    string KindCount,
    string Separator)
{
    private static readonly NoticeWords English = new(
        new Dictionary<string, string>
        {
            [FindingKind.Person] = "Name",
            [FindingKind.Email] = "Email address",
            [FindingKind.Phone] = "Phone number",
            [FindingKind.PostalAddress] = "Postal address",
            [FindingKind.Signature] = "Signature block",
            [FindingKind.Unscannable] = "Could not be inspected",
        },
        "the message body", "a quoted earlier message", "a forwarded message", "the attachment \"{0}\"", "(none given)",
        "- {0}: {1}{2}, in {3}", "- and {0} more ({1})", "{0}: {1}", ", ");

    private static readonly NoticeWords Japanese = new(
        new Dictionary<string, string>
        {
            [FindingKind.Person] = "氏名",
            [FindingKind.Email] = "メールアドレス",
            [FindingKind.Phone] = "電話番号",
            [FindingKind.PostalAddress] = "住所",
            [FindingKind.Signature] = "署名",
            [FindingKind.Unscannable] = "確認できない内容",
        },
        "本文", "引用部分", "転送部分", "添付ファイル「{0}」", "（なし）",
        "- {0}: {1}{2}（場所: {3}）", "- ほか {0} 件（{1}）", "{0}: {1} 件", "、");

    public static NoticeWords For(string language) => language == "ja" ? Japanese : English;

    /// <summary>The line that counts the findings a notice does not list, in all and by kind (most first).</summary>
    public string Unlisted(IReadOnlyDictionary<string, int> byKind)
    {
        var kinds = byKind.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => string.Format(CultureInfo.InvariantCulture, KindCount, Kinds.TryGetValue(k.Key, out var name) ? name : k.Key, k.Value));
        return string.Format(CultureInfo.InvariantCulture, More, byKind.Values.Sum(), string.Join(Separator, kinds));
    }

    /// <summary>One line per finding: kind, redacted excerpt, whose, where.</summary>
    public string Describe(StoredFinding finding)
    {
        var kind = Kinds.TryGetValue(finding.Kind, out var k) ? k : finding.Kind;
        var owner = finding.Owner is null || finding.Owner == finding.Excerpt ? "" : $" ({finding.Owner})";
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, kind, finding.Excerpt, owner, Where(finding.Location));
    }

    /// <summary><c>attachment:old.eml/body/forwarded[1]</c> reads "the attachment "old.eml" (a forwarded message)".</summary>
    public string Where(string location)
    {
        string? attachment = null;
        var at = location.IndexOf("attachment:", StringComparison.Ordinal);
        if (at >= 0)
        {
            var name = location[(at + "attachment:".Length)..];
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            attachment = string.Format(System.Globalization.CultureInfo.InvariantCulture, Attachment, slash < 0 ? name : name[..slash]);
        }
        var part = location.Contains("forwarded", StringComparison.Ordinal) ? Forwarded
            : location.Contains("quoted", StringComparison.Ordinal) ? Quoted
            : null;
        return (attachment, part) switch
        {
            (null, null) => Body,
            (null, _) => part,
            (_, null) => attachment,
            _ => $"{attachment} ({part})",
        };
    }
}
