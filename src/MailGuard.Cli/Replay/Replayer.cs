using System.Globalization;
using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Scan;
using MailGuard.Scan.Decide;
using Microsoft.Extensions.Options;

namespace MailGuard.Cli.Replay;

/// <summary>What the policy would have done with one message; findings only in redacted form.</summary>
internal sealed record ReplayResult(string Name, string Verdict, string Rule, IReadOnlyList<Finding> Findings)
{
    public const string CsvHeader = "file,verdict,rule,findings,third_party_findings,kinds";

    public object ToJson() => new
    {
        file = Name,
        verdict = Verdict,
        rule = Rule,
        findings = Findings.Select(f => new { kind = f.Kind, excerpt = f.Excerpt, location = f.Location, third_party = f.ThirdParty }),
    };

    public string ToCsv() => string.Join(",",
        Csv(Name), Verdict, Csv(Rule), Findings.Count.ToString(CultureInfo.InvariantCulture),
        Findings.Count(f => f.ThirdParty).ToString(CultureInfo.InvariantCulture),
        Csv(string.Join(" ", Findings.Select(f => f.Kind).Distinct().Order(StringComparer.Ordinal))));

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

/// <summary>Scans one message with the relay's scanner and rules, as the relay would, without acting on it.</summary>
internal sealed class Replayer
{
    private readonly MessageScanner _scanner;

    public Replayer(MessageScanner scanner, IOptions<PolicyOptions> policy)
    {
        _scanner = scanner;
        // Reading the options validates them: a broken rules file stops the replay before it starts.
        _ = policy.Value;
    }

    public async Task<ReplayResult> ReplayAsync(string name, Stream message, CancellationToken cancellationToken)
    {
        await using (message)
        {
            try
            {
                var report = await _scanner.ScanAsync(message, null, cancellationToken);
                return new ReplayResult(name, report.Verdict.Name, report.Verdict.Rule, report.Findings);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The relay holds what it cannot scan; the replay says so.
                return new ReplayResult(name, "quarantine", QuarantineNames.ScanFailedRule,
                    [new Finding(FindingKind.Unscannable, e.GetType().Name, "message", true, null, e.GetType().Name)]);
            }
        }
    }
}
