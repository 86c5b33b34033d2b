using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>The golden form of an extraction: one line per segment (location, role, text prefix) and per problem.</summary>
internal static class ExtractionSummary
{
    private const int Prefix = 60;

    public static string Of(ExtractionResult result)
    {
        var text = new StringBuilder();
        foreach (var segment in result.Segments)
        {
            var prefix = segment.Text.Original.Length > Prefix ? segment.Text.Original[..Prefix] : segment.Text.Original;
            prefix = prefix.Replace("\r", string.Empty).Replace("\n", "⏎").Replace("\t", "→");
            text.Append("segment ").Append(segment.Location).Append(" | ").Append(segment.Role).Append(" | ").Append(prefix);
            if (segment.Headers is { } headers && headers.All.Any())
            {
                text.Append(" | from: ").AppendJoin(", ", headers.From.Select(m => $"{m.DisplayName}<{m.Address}>"));
            }
            text.Append('\n');
        }
        foreach (var problem in result.Problems)
        {
            text.Append("problem ").Append(problem.Location).Append(" | ").Append(problem.Reason).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>All text of a result, as written and as normalised, for "is it in there" checks.</summary>
    public static string AllText(ExtractionResult result) =>
        string.Join("\n", result.Segments.Select(s => s.Text.Original + "\n" + s.Text.Normalized));
}
