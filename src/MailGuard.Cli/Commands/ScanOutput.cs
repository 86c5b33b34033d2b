using System.Text.Encodings.Web;
using System.Text.Json;
using MailGuard.Core;
using MailGuard.Scan;
using Spectre.Console;

namespace MailGuard.Cli.Commands;

/// <summary>How <c>mailguard scan</c> shows one message's result.</summary>
internal interface IScanOutput
{
    Task WriteAsync(string file, ScanReport report);
}

/// <summary>
/// <c>--json</c>: one object per message per line, <c>{"file","verdict","rule","findings":[{"kind","text","location","third_party","owner"}]}</c>.
/// The text is the evidence as written: this output is for the admin's own tooling, not for logs.
/// </summary>
internal sealed class JsonScanOutput(TextWriter writer) : IScanOutput
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task WriteAsync(string file, ScanReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("file", file);
            json.WriteString("verdict", report.Verdict.Name);
            json.WriteString("rule", report.Verdict.Rule);
            json.WriteStartArray("findings");
            foreach (var f in report.Findings)
            {
                json.WriteStartObject();
                json.WriteString("kind", f.Kind);
                json.WriteString("text", f.Text);
                json.WriteString("location", f.Location);
                json.WriteBoolean("third_party", f.ThirdParty);
                json.WriteString("owner", f.Owner);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        await writer.FlushAsync();
    }
}

/// <summary>The readable report: the verdict, then the findings grouped by owner, redacted.</summary>
internal sealed class TextScanOutput : IScanOutput
{
    public Task WriteAsync(string file, ScanReport report)
    {
        var verdict = report.Verdict;
        var colour = verdict.IsFlagged ? "red" : "green";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(file)}[/]  [{colour}]{verdict.Name.ToUpperInvariant()}[/] ({Markup.Escape(verdict.Rule)})");
        foreach (var group in report.Findings.Where(f => f.Kind != FindingKind.Signature)
                     .GroupBy(f => (f.Owner, f.ThirdParty))
                     .OrderByDescending(g => g.Key.ThirdParty))
        {
            var who = group.Key.Owner is null ? "(no owner)" : RedactOwner(group.Key.Owner);
            var status = group.Key.ThirdParty ? "[yellow]third party[/]" : "[grey]party[/]";
            AnsiConsole.MarkupLine($"  {Markup.Escape(who)}  {status}");
            foreach (var f in group)
            {
                AnsiConsole.MarkupLine($"    {f.Kind,-15} {Markup.Escape(f.Location),-28} {Markup.Escape(f.Excerpt.ReplaceLineEndings(" "))}");
            }
        }
        if (report.Findings.Count == 0)
        {
            AnsiConsole.MarkupLine("  [grey]no personal data found[/]");
        }
        return Task.CompletedTask;
    }

    private static string RedactOwner(string owner)
    {
        var lt = owner.IndexOf('<');
        if (lt < 0)
        {
            return owner.Contains('@') ? Redactor.RedactEmail(owner) : Redactor.RedactName(owner);
        }
        return $"{Redactor.RedactName(owner[..lt])} <{Redactor.RedactEmail(owner[(lt + 1)..].TrimEnd('>'))}>";
    }
}
