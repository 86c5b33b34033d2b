using System.Globalization;
using Spectre.Console;

namespace MailGuard.Cli.Replay;

/// <summary>The counts a replay ends with: messages per verdict and per rule, findings per kind.</summary>
internal sealed class ReplaySummary
{
    private readonly SortedDictionary<string, int> _verdicts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _rules = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (int All, int ThirdParty)> _kinds = new(StringComparer.Ordinal);

    public int Messages { get; private set; }

    public void Add(ReplayResult result)
    {
        Messages++;
        _verdicts[result.Verdict] = _verdicts.GetValueOrDefault(result.Verdict) + 1;
        _rules[result.Rule] = _rules.GetValueOrDefault(result.Rule) + 1;
        foreach (var finding in result.Findings)
        {
            var (all, third) = _kinds.GetValueOrDefault(finding.Kind);
            _kinds[finding.Kind] = (all + 1, third + (finding.ThirdParty ? 1 : 0));
        }
    }

    public void Render(IAnsiConsole console)
    {
        console.MarkupLine($"[bold]{Messages.ToString(CultureInfo.InvariantCulture)} messages replayed[/]");
        console.Write(Table("Verdict", "Messages", _verdicts));
        console.Write(Table("Rule", "Messages", _rules));
        var kinds = new Table().AddColumns("Finding kind", "Findings", "Third party");
        foreach (var (kind, (all, third)) in _kinds)
        {
            kinds.AddRow(Markup.Escape(kind), all.ToString(CultureInfo.InvariantCulture), third.ToString(CultureInfo.InvariantCulture));
        }
        console.Write(kinds);
    }

    private static Table Table(string what, string count, IEnumerable<KeyValuePair<string, int>> rows)
    {
        var table = new Table().AddColumns(what, count);
        foreach (var (name, n) in rows)
        {
            table.AddRow(Markup.Escape(name), n.ToString(CultureInfo.InvariantCulture));
        }
        return table;
    }
}
