using System.Globalization;

namespace MailGuard.Core;

/// <summary>
/// The one place that turns personal data into a form safe for logs, metrics, notices and exceptions:
/// <c>山田 **</c>, <c>y***@example.jp</c>, <c>03-****-5678</c>.
/// </summary>
public static class Redactor
{
    /// <summary>Redacts a value of the given finding kind.</summary>
    public static string Redact(string kind, string text) => kind switch
    {
        FindingKind.Email => RedactEmail(text),
        FindingKind.Phone => RedactPhone(text),
        FindingKind.Person => RedactName(text),
        _ => RedactGeneric(text),
    };

    /// <summary><c>yamada@example.jp</c> becomes <c>y***@example.jp</c>: the domain stays, it says whose company.</summary>
    public static string RedactEmail(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0)
        {
            return RedactGeneric(text);
        }
        return string.Concat(text.AsSpan(0, 1), "***", text.AsSpan(at));
    }

    /// <summary>
    /// Keeps the separators, a short leading group (country or area prefix) and the last four digits:
    /// <c>03-1234-5678</c> becomes <c>03-****-5678</c>.
    /// </summary>
    public static string RedactPhone(string text)
    {
        // Every finding of a message is redacted for its log line: plain loops, one string and no builder or LINQ.
        var digits = 0;
        var firstRun = 0;
        var inFirstRun = false;
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                inFirstRun = digits == 0 || inFirstRun;
                firstRun += inFirstRun ? 1 : 0;
                digits++;
            }
            else
            {
                inFirstRun = false;
            }
        }
        var keepFrom = digits - 4;
        var keepPrefix = digits >= 8 && firstRun <= 3 ? firstRun : 0;
        return string.Create(text.Length, (text, keepPrefix, keepFrom), static (span, state) =>
        {
            var seen = 0;
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                if (char.IsDigit(c))
                {
                    span[i] = seen < state.keepPrefix || seen >= state.keepFrom ? c : '*';
                    seen++;
                }
                else
                {
                    span[i] = c;
                }
            }
        });
    }

    /// <summary>Keeps the first word (a family name in Japanese order, a given name in Western order): <c>山田 **</c>.</summary>
    public static string RedactName(string text)
    {
        // Read in place: no trimmed copy, no array of separators per call.
        var trimmed = text.AsSpan().Trim();
        var space = trimmed.IndexOfAny(' ', '\u3000');
        if (space > 0)
        {
            return string.Concat(trimmed[..space], " **");
        }
        var keep = trimmed.Length <= 2 ? 1 : 2;
        return trimmed.Length == 0 ? "**" : string.Concat(trimmed[..Math.Min(keep, trimmed.Length)], "**");
    }

    /// <summary>Anything else (addresses, signatures): the first three characters and the length.</summary>
    public static string RedactGeneric(string text)
    {
        var trimmed = text.AsSpan().Trim();
        return trimmed.Length <= 3 ? "***" : string.Create(CultureInfo.InvariantCulture, $"{trimmed[..3]}*** ({trimmed.Length} chars)");
    }
}
