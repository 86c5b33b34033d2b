using System.Globalization;
using MailGuard.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MailGuard.Scan.Decide;

/// <summary>
/// Reads a rules file (YAML). Reads the node tree rather than deserialising into classes so that every error
/// can name the line it is on, and so that all errors of a file are reported at once.
/// </summary>
public static class RulesLoader
{
    /// <summary>Loads and checks a rules file; throws <see cref="RulesException"/> with every error and its line.</summary>
    public static RuleSet Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RulesException(path, [new RuleError(0, 0, $"cannot read the rules file: {e.Message}")]);
        }
        return Parse(text, path);
    }

    /// <summary>Parses rules from text; <paramref name="source"/> names it in errors.</summary>
    public static RuleSet Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new RulesException(source, [new RuleError(e.Start.Line, e.Start.Column, Inner(e).Message)]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way when the text ends inside an open { or [.
            var lines = yaml.TrimEnd().Split('\n').Length;
            throw new RulesException(source, [new RuleError(lines, 1, "the file ends inside an unclosed '{' or '['")]);
        }
        var reader = new RuleReader();
        var set = reader.Read(stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode, source);
        if (reader.Errors.Count > 0 || set is null)
        {
            throw new RulesException(source, reader.Errors);
        }
        return set;
    }

    private static Exception Inner(YamlException e) => e.InnerException is YamlException inner ? Inner(inner) : e;

    /// <summary>Parses a size: <c>1048576</c>, <c>512KB</c>, <c>10MB</c>, <c>1GB</c>.</summary>
    internal static long? ParseSize(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        long factor = 1;
        foreach (var (suffix, f) in new[] { ("KB", 1024L), ("MB", 1024L * 1024), ("GB", 1024L * 1024 * 1024), ("B", 1L) })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                t = t[..^suffix.Length].Trim();
                break;
            }
        }
        return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= long.MaxValue / factor ? n * factor : null;
    }

    internal static IReadOnlyDictionary<string, VerdictAction> Actions { get; } = new Dictionary<string, VerdictAction>(StringComparer.OrdinalIgnoreCase)
    {
        ["pass"] = VerdictAction.Pass,
        ["tag"] = VerdictAction.Tag,
        ["quarantine"] = VerdictAction.Quarantine,
        ["reject"] = VerdictAction.Reject,
    };
}
