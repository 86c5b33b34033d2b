using System.Text;
using System.Text.Json;
using MailGuard.Core;
using MailGuard.Scan;

namespace MailGuard.Tests.Scan.Detect;

/// <summary>
/// A labeled folder in the corpus format (<c>labels.json</c>: flag, third_party, parties, decoys per message) scanned
/// end to end, with the figures the detector is judged by.
/// </summary>
internal sealed class LabeledSet
{
    private LabeledSet(string directory, JsonElement root)
    {
        Directory = directory;
        Root = root;
    }

    public string Directory { get; }

    public JsonElement Root { get; }

    public IEnumerable<string> InternalDomains => Root.GetProperty("internal_domains").EnumerateArray().Select(e => e.GetString()!);

    public IEnumerable<(string File, JsonElement Label)> Messages =>
        Root.GetProperty("messages").EnumerateObject().Select(p => (p.Name, p.Value));

    public static LabeledSet Load(string directory) =>
        new(directory, JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "labels.json"))).RootElement);

    /// <summary>Scans the messages chosen by <paramref name="include"/> and scores them.</summary>
    public async Task<Score> ScoreAsync(Func<JsonElement, bool>? include = null)
    {
        var scanner = TestScanner.Create(InternalDomains);
        var score = new Score();
        foreach (var (file, label) in Messages.Where(m => include?.Invoke(m.Label) ?? true))
        {
            var report = await scanner.ScanFileAsync(Path.Combine(Directory, file));
            score.Add(file, label, report);
        }
        return score;
    }

    /// <summary>Text compared after NFKC and without white space, as the corpus README asks.</summary>
    public static string Comparable(string text) =>
        new([.. text.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))]);
}

/// <summary>Message-level precision and recall of the flag, and the finding-level checks.</summary>
internal sealed class Score
{
    public int TruePositives { get; private set; }
    public int FalsePositives { get; private set; }
    public int FalseNegatives { get; private set; }
    public int Messages { get; private set; }
    public int Matches { get; private set; }
    public List<string> Problems { get; } = [];

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public int MissedMatches => Problems.Count(p => p.Contains(" missed ", StringComparison.Ordinal));

    public int PartiesFlagged => Problems.Count(p => p.Contains(" party marked third-party ", StringComparison.Ordinal));

    public int DecoysFound => Problems.Count(p => p.Contains(" decoy found ", StringComparison.Ordinal));

    public void Add(string file, JsonElement label, ScanReport report)
    {
        Messages++;
        var expected = label.GetProperty("flag").GetBoolean();
        var flagged = report.Verdict.IsFlagged;
        if (expected && flagged) TruePositives++;
        else if (!expected && flagged) FalsePositives++;
        else if (expected && !flagged) FalseNegatives++;
        if (expected != flagged)
        {
            Problems.Add($"{file}: flag {flagged}, expected {expected}");
        }
        var findings = report.Findings.Select(f => (f.Kind, Text: LabeledSet.Comparable(f.Text), f.ThirdParty)).ToList();
        foreach (var item in label.GetProperty("third_party").EnumerateArray())
        {
            Matches++;
            var (kind, match) = (item.GetProperty("kind").GetString()!, LabeledSet.Comparable(item.GetProperty("match").GetString()!));
            if (!findings.Any(f => f.Kind == kind && f.Text.Contains(match, StringComparison.Ordinal)))
            {
                Problems.Add($"{file}: missed {kind} '{item.GetProperty("match").GetString()}'");
            }
        }
        foreach (var item in label.GetProperty("parties").EnumerateArray())
        {
            var match = LabeledSet.Comparable(item.GetProperty("match").GetString()!);
            foreach (var f in findings.Where(f => f.ThirdParty && f.Kind != FindingKind.Signature && f.Text.Contains(match, StringComparison.Ordinal)))
            {
                Problems.Add($"{file}: party marked third-party {f.Kind} '{item.GetProperty("match").GetString()}'");
            }
        }
        if (label.TryGetProperty("decoys", out var decoys))
        {
            foreach (var item in decoys.EnumerateArray())
            {
                var (kind, match) = (item.GetProperty("kind").GetString()!, LabeledSet.Comparable(item.GetProperty("match").GetString()!));
                if (findings.Any(f => f.Kind == kind && (f.Text.Contains(match, StringComparison.Ordinal) || match.Contains(f.Text, StringComparison.Ordinal))))
                {
                    Problems.Add($"{file}: decoy found {kind} '{item.GetProperty("match").GetString()}'");
                }
            }
        }
    }

    public string Summary(string name) =>
        $"{name}: {Messages} messages, flag precision {Precision:F3}, recall {Recall:F3} (TP {TruePositives}, FP {FalsePositives}, FN {FalseNegatives}); " +
        $"third-party matches {Matches - MissedMatches}/{Matches} found; parties marked third-party {PartiesFlagged}; decoys found {DecoysFound}";
}
