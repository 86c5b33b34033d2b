using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using MailGuard.Core;
using MailGuard.Quarantine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MailGuard.Cli.Commands;

/// <summary>
/// <c>mailguard quarantine list|show|release|reject|delete</c>: the reviewer's work without the web console.
/// Decisions only change the store (state, audit row, outbox row); the running relay delivers and notifies.
/// </summary>
internal static class QuarantineCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static Command Create()
    {
        var command = new Command("quarantine", "Lists, shows, releases, rejects or deletes held mail.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Decide("release", QuarantineState.Released, "Releases held mail: it is delivered to its original recipients, once."));
        command.Subcommands.Add(Decide("reject", QuarantineState.Rejected, "Rejects held mail: it is not delivered and the sender is told."));
        command.Subcommands.Add(Decide("delete", QuarantineState.Deleted, "Deletes quarantined mail: its bytes are removed; the record and audit stay."));
        return command;
    }

    private static Command List()
    {
        var state = new Option<QuarantineState?>("--state") { Description = "Only this state (Held, Released, Rejected, Deleted, Expired)." };
        var sender = new Option<string?>("--sender") { Description = "Only mail from this envelope sender." };
        var rule = new Option<string?>("--rule") { Description = "Only mail held by this rule." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only mail quarantined at or after this time (2026-04-01, 2026-04-01T09:00Z)." };
        var before = new Option<DateTimeOffset?>("--before") { Description = "Only mail quarantined before this time." };
        var recipientDomain = new Option<string?>("--recipient-domain") { Description = "Only mail with a recipient in this domain (partner.example)." };
        var kind = new Option<string?>("--kind") { Description = "Only mail with a finding of this kind (email, person, phone, postal_address, signature, unscannable)." };
        var search = new Option<string?>("--search") { Description = "Only mail whose id is this, or whose subject, sender or a recipient contains it." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first (then by id).", DefaultValueFactory = _ => 100 };
        var offset = new Option<int>("--offset") { Description = "Skip this many first: the next page starts where the output says.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "One JSON object per message per line." };
        var command = WithStore(new Command("list", "Lists quarantined mail, newest first."), out var config);
        command.Options.Add(state);
        command.Options.Add(sender);
        command.Options.Add(rule);
        command.Options.Add(since);
        command.Options.Add(before);
        command.Options.Add(recipientDomain);
        command.Options.Add(kind);
        command.Options.Add(search);
        command.Options.Add(limit);
        command.Options.Add(offset);
        command.Options.Add(json);
        command.SetAction((parse, ct) => RunAsync(parse, config, async store =>
        {
            if (Operands(parse, null).FirstOrDefault() is { } stray)
            {
                Console.Error.WriteLine($"mailguard quarantine list: unexpected {stray}");
                return ExitCodes.Error;
            }
            var (skip, take) = (parse.GetValue(offset), parse.GetValue(limit));
            if (skip < 0 || take < 1)
            {
                Console.Error.WriteLine("mailguard quarantine list: --offset must be 0 or more and --limit 1 or more");
                return ExitCodes.Error;
            }
            // The console's filters, run by the store in SQL; one row more than asked says whether there are more.
            var query = new QuarantineQuery(parse.GetValue(state), parse.GetValue(sender), parse.GetValue(rule), parse.GetValue(since), take + 1)
            {
                Before = parse.GetValue(before),
                RecipientDomain = parse.GetValue(recipientDomain),
                FindingKind = parse.GetValue(kind),
                Search = parse.GetValue(search),
                Offset = skip,
            };
            var page = await store.ListAsync(query, ct);
            var items = page.Take(take).ToList();
            // Rows held meanwhile shift later pages by as many (newest first); --before with the first page's time pins them.
            var more = page.Count > take
                ? $"{skip + 1}-{skip + items.Count} shown, more follow: --offset {skip + items.Count}"
                : null;
            if (parse.GetValue(json))
            {
                foreach (var item in items)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(Summary(item), Json));
                }
                // stderr, so that stdout stays one JSON object per line.
                if (more is not null)
                {
                    Console.Error.WriteLine(more);
                }
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Id", "State", "Held at", "Sender", "Recipients", "Subject", "Rule", "Findings");
            foreach (var item in items)
            {
                table.AddRow(Cells(item.Id, item.State.ToString(), item.CreatedAt.ToString("u"), item.Envelope.MailFrom,
                    string.Join(", ", item.Envelope.Recipients), item.Subject, item.Rule, item.TotalFindings.ToString()));
            }
            AnsiConsole.Write(table);
            if (more is not null)
            {
                Console.Out.WriteLine(more);
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        // Variadic like the decisions' ids so that a setting before the id is not taken for it; exactly one id is left.
        var id = new Argument<string[]>("ID") { Description = "The reference id.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "The message, findings and audit log as one JSON object." };
        var command = WithStore(new Command("show", "Shows one quarantined message: envelope, rule, redacted findings and its audit log."), out var config);
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.SetAction((parse, ct) => RunAsync(parse, config, async store =>
        {
            var ids = Operands(parse, id);
            if (ids.Count != 1)
            {
                Console.Error.WriteLine($"mailguard quarantine show: takes one id, got {ids.Count}");
                return ExitCodes.Error;
            }
            var item = await store.GetAsync(ids[0], ct);
            if (item is null)
            {
                Console.Error.WriteLine($"mailguard quarantine: no quarantined message {ids[0]}");
                return ExitCodes.Error;
            }
            var audit = await store.AuditAsync(item.Id, ct);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { message = Summary(item), item.Findings, item.OmittedFindings, audit }, Json));
                return ExitCodes.Ok;
            }
            var grid = new Grid().AddColumns(2);
            foreach (var (k, v) in new[]
            {
                ("Id", item.Id), ("State", item.State.ToString()), ("Held at", item.CreatedAt.ToString("u")), ("Sender", item.Envelope.MailFrom),
                ("Recipients", string.Join(", ", item.Envelope.Recipients)), ("Subject", item.Subject), ("Size", $"{item.Size} bytes"),
                ("Rule", item.Rule), ("Why", item.Reason.GetValueOrDefault("en", "")),
            })
            {
                grid.AddRow(Cells(k, v));
            }
            AnsiConsole.Write(grid);
            var findings = new Table().Title("Findings (redacted)").AddColumns("Kind", "Excerpt", "Owner", "Location", "Third party");
            foreach (var f in item.Findings)
            {
                findings.AddRow(Cells(f.Kind, f.Excerpt, f.Owner ?? "", f.Location, f.ThirdParty ? "yes" : "no"));
            }
            AnsiConsole.Write(findings);
            if (item.OmittedFindings.Count > 0)
            {
                // Quarantine:MaxStoredFindings: the verdict saw these too, the store kept only their count.
                Console.Out.WriteLine($"and {item.OmittedFindings.Values.Sum()} more not kept: " +
                    string.Join(", ", item.OmittedFindings.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")));
            }
            var log = new Table().Title("Audit log").AddColumns("When", "Action", "State", "Who", "Why", "From where");
            foreach (var a in audit)
            {
                log.AddRow(Cells(a.At.ToString("u"), a.Action, a.To.ToString(), a.Actor, a.Reason, a.Origin));
            }
            AnsiConsole.Write(log);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Decide(string verb, QuarantineState to, string description)
    {
        var ids = new Argument<string[]>("ID") { Description = "Reference ids.", Arity = ArgumentArity.OneOrMore };
        var reason = new Option<string>("--reason") { Description = "Why (written to the audit log; required).", Required = true };
        var actor = new Option<string?>("--as") { Description = "Who decides, for the audit log (default: the OS user)." };
        var command = WithStore(new Command(verb, description), out var config);
        command.Arguments.Add(ids);
        command.Options.Add(reason);
        command.Options.Add(actor);
        command.SetAction((parse, ct) => RunAsync(parse, config, async store =>
        {
            var text = parse.GetValue(reason)!.Trim();
            if (text.Length == 0)
            {
                Console.Error.WriteLine($"mailguard quarantine {verb}: --reason must say why");
                return ExitCodes.Error;
            }
            var who = new Actor(parse.GetValue(actor) ?? Environment.UserName, text, $"cli@{Environment.MachineName}");
            var exit = ExitCodes.Ok;
            foreach (var id in Operands(parse, ids))
            {
                var outcome = await store.TransitionAsync(id, to, who, ct);
                var current = (await store.GetAsync(id, ct))?.State;
                Console.Out.WriteLine(outcome switch
                {
                    TransitionOutcome.Applied => $"{id}: {to.ToString().ToLowerInvariant()}",
                    TransitionOutcome.AlreadyDone => $"{id}: already {to.ToString().ToLowerInvariant()}, nothing done",
                    TransitionOutcome.NotAllowed => $"{id}: cannot {verb} a message that is {current.ToString()!.ToLowerInvariant()}",
                    _ => $"{id}: no such quarantined message",
                });
                if (outcome is TransitionOutcome.NotAllowed or TransitionOutcome.NotFound)
                {
                    exit = ExitCodes.Error;
                }
            }
            return exit;
        }, ct));
        return command;
    }

    private static object Summary(QuarantineItem item) => new
    {
        id = item.Id,
        state = item.State.ToString().ToLowerInvariant(),
        heldAt = item.CreatedAt,
        sender = item.Envelope.MailFrom,
        recipients = item.Envelope.Recipients,
        subject = item.Subject,
        size = item.Size,
        rule = item.Rule,
        findings = item.TotalFindings,
    };

    /// <summary>
    /// The command's ids: its argument's values and any leftover tokens, less the settings (<c>--Key=value</c>), which
    /// the parser cannot tell from ids and which may come before, between or after them.
    /// </summary>
    private static List<string> Operands(ParseResult parse, Argument<string[]>? ids) =>
        [.. (ids is null ? [] : parse.GetValue(ids) ?? []).Concat(parse.UnmatchedTokens).Where(t => !MailGuardConfiguration.IsOverride(t)).Distinct()];

    private static IRenderable[] Cells(params string[] texts) => [.. texts.Select(t => new Text(t))];

    private static Command WithStore(Command command, out Option<DirectoryInfo?> config)
    {
        config = CommonOptions.Config();
        command.Options.Add(config);
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<DirectoryInfo?> config, Func<IQuarantineStore, Task<int>> action, CancellationToken ct)
    {
        ServiceProvider services;
        try
        {
            // Settings written after the ids are parsed as more ids; they belong to the configuration all the same.
            var overrides = parse.UnmatchedTokens
                .Concat(parse.Tokens.Where(t => t.Type == TokenType.Argument).Select(t => t.Value).Where(MailGuardConfiguration.IsOverride))
                .Distinct()
                .ToList();
            var configuration = MailGuardConfiguration.Build(MailGuardConfiguration.ResolveDirectory(parse.GetValue(config)), overrides);
            services = new ServiceCollection()
                .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration)
                .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
                .AddMailGuardCore()
                .AddMailGuardQuarantine()
                .BuildServiceProvider();
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine($"mailguard quarantine: {e.Message}");
            return ExitCodes.Error;
        }
        await using (services)
        {
            try
            {
                return await action(services.GetRequiredService<IQuarantineStore>());
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                Console.Error.WriteLine($"mailguard quarantine: {e.Message}");
                return ExitCodes.Error;
            }
            catch (System.Data.Common.DbException e)
            {
                // One line naming the store (host and database, never the password) instead of a stack trace.
                Console.Error.WriteLine($"mailguard quarantine: {services.GetRequiredService<QuarantineHealth>().Location}: {e.GetBaseException().Message}");
                return ExitCodes.Error;
            }
        }
    }
}
