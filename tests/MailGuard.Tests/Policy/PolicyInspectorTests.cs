using System.Text;
using MailGuard.Cli;
using MailGuard.Cli.Inspect;
using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Scan;
using MailGuard.Scan.Decide;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Policy;

[NonParallelizable]
public sealed class PolicyInspectorTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("mailguard-inspect-").FullName;

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task A_scan_that_throws_holds_the_message_with_the_reason()
    {
        var store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "q.db"), TimeProvider.System);
        var inspector = new PolicyInspector(
            (_, _, _) => throw new InvalidDataException("broken part"),
            store, new RecordingDeliveryQueue(), Options.Create(new PolicyOptions()), Options.Create(new QuarantineOptions()), TimeProvider.System,
            NullLogger<PolicyInspector>.Instance);
        var envelope = new Envelope(new SpoolId("0000000001BBBBBBBB"), "alice@example.com", ["bob@example.org"], "127.0.0.1", null, DateTimeOffset.UnixEpoch);
        var bytes = Encoding.ASCII.GetBytes("Subject: quarterly\r\n\r\nhello\r\n");

        var inspection = await inspector.InspectAsync(envelope, () => new MemoryStream(bytes), CancellationToken.None);

        Assert.That(inspection.Outcome, Is.EqualTo(InspectionOutcome.Consumed), "never delivered");
        var item = await store.GetAsync("0000000001BBBBBBBB", CancellationToken.None);
        Assert.That(item!.State, Is.EqualTo(QuarantineState.Held));
        Assert.That(item.Rule, Is.EqualTo(QuarantineNames.ScanFailedRule));
        Assert.That(item.Reason["en"], Does.Contain("the scan failed (InvalidDataException)"));
        Assert.That(item.Subject, Is.EqualTo("quarterly"));
        Assert.That(await store.GetMessageAsync(item.Id, CancellationToken.None), Is.EqualTo(bytes));
    }

    [Test]
    public async Task A_held_message_keeps_the_first_findings_and_the_exact_count_of_the_rest_by_kind()
    {
        var store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "q.db"), TimeProvider.System);
        var findings = Enumerable.Range(0, 1000)
            .Select(i => i % 10 == 9
                ? new Finding(FindingKind.Person, $"Customer {i}", "attachment:customers.csv", true, null, "C*** **")
                : new Finding(FindingKind.Phone, $"+1-201-555-01{i % 100:00}", "attachment:customers.csv", true, null, "+1-201-***-****"))
            .ToList();
        var verdict = new Verdict(VerdictAction.Quarantine, "third-party-to-external", findings);
        var inspector = new PolicyInspector(
            (_, _, _) => Task.FromResult(new ScanReport(findings, [], verdict)),
            store, new RecordingDeliveryQueue(), Options.Create(new PolicyOptions()), Options.Create(new QuarantineOptions { MaxStoredFindings = 25 }),
            TimeProvider.System, NullLogger<PolicyInspector>.Instance);
        var envelope = new Envelope(new SpoolId("0000000002BBBBBBBB"), "alice@example.com", ["bob@example.org"], "127.0.0.1", null, DateTimeOffset.UnixEpoch);
        var bytes = Encoding.ASCII.GetBytes("Subject: customers\r\n\r\nlist attached\r\n");

        var inspection = await inspector.InspectAsync(envelope, () => new MemoryStream(bytes), CancellationToken.None);

        Assert.That(inspection.Outcome, Is.EqualTo(InspectionOutcome.Consumed));
        var item = await store.GetAsync("0000000002BBBBBBBB", CancellationToken.None);
        Assert.That(item!.State, Is.EqualTo(QuarantineState.Held), "the verdict is the one reached with every finding");
        Assert.That(item.Findings.Select(f => f.Excerpt), Is.EqualTo(findings.Take(25).Select(f => f.Excerpt)), "the first ones, in order");
        Assert.That(item.OmittedFindings, Is.EquivalentTo(new Dictionary<string, int> { [FindingKind.Phone] = 877, [FindingKind.Person] = 98 }));
        Assert.That(item.TotalFindings, Is.EqualTo(1000));
    }

    [Test]
    public async Task A_broken_rules_file_stops_the_relay_with_the_line()
    {
        var rules = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(rules, "rules:\n  - name: one\n    when: { external_recipients: some }\n    action: quarantine\ndefault: { action: pass }\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataDirectory"] = _dir,
            ["Receive:Endpoints:0"] = "127.0.0.1:0",
            ["Health:Url"] = "",
            ["Policy:RulesFile"] = rules,
            ["Notify:TemplatesDirectory"] = RepositoryFiles.Path("config/templates"),
        }).Build();
        var stderr = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        int exit;
        try
        {
            exit = await RelayHost.RunAsync(configuration, CancellationToken.None);
        }
        finally
        {
            Console.SetError(stderr);
        }

        Assert.That(exit, Is.EqualTo(ExitCodes.Error));
        Assert.That(captured.ToString(), Does.Contain("rules.yaml: line 3, column").And.Contain("'external_recipients' is any, all or none"));
    }
}
