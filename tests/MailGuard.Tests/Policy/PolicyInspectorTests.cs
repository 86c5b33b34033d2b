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
    public async Task No_more_scans_run_at_once_than_there_are_slots()
    {
        var store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "q.db"), TimeProvider.System);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int entered = 0, running = 0, most = 0;
        var pass = new Verdict(VerdictAction.Pass, "default", []);
        var inspector = new PolicyInspector(
            async (_, _, _) =>
            {
                Interlocked.Increment(ref entered);
                var now = Interlocked.Increment(ref running);
                lock (release)
                {
                    most = Math.Max(most, now);
                }
                await release.Task;
                Interlocked.Decrement(ref running);
                return new ScanReport([], [], pass);
            },
            store, new RecordingDeliveryQueue(), Options.Create(new PolicyOptions()), Options.Create(new QuarantineOptions()), TimeProvider.System,
            NullLogger<PolicyInspector>.Instance, scanSlots: 2);
        var bytes = Encoding.ASCII.GetBytes("Subject: hello\r\n\r\nhello\r\n");

        var inspections = Enumerable.Range(1, 3)
            .Select(i => inspector.InspectAsync(
                new Envelope(new SpoolId($"000000001{i}BBBBBBBB"), "alice@example.com", ["bob@example.org"], "127.0.0.1", null, DateTimeOffset.UnixEpoch),
                () => new MemoryStream(bytes), CancellationToken.None))
            .ToList();
        while (Volatile.Read(ref entered) < 2)
        {
            await Task.Delay(10);
        }
        await Task.Delay(200);
        Assert.That(Volatile.Read(ref entered), Is.EqualTo(2), "the third scan waits for a slot");
        release.SetResult();
        var outcomes = await Task.WhenAll(inspections);

        Assert.That(outcomes.Select(o => o.Outcome), Is.All.EqualTo(InspectionOutcome.Deliver), "every message was scanned in the end");
        Assert.That(entered, Is.EqualTo(3));
        Assert.That(most, Is.EqualTo(2));
    }

    [Test]
    public async Task A_message_waiting_for_the_quarantine_store_leaves_its_scan_slot_to_the_next()
    {
        var path = Path.Combine(_dir, "q.db");
        var store = SqliteQuarantineStore.AtPath(path, TimeProvider.System);
        var inspector = new PolicyInspector(
            (message, _, _) =>
            {
                var subject = new StreamReader(message).ReadLine();
                var verdict = subject == "Subject: customers"
                    ? new Verdict(VerdictAction.Quarantine, "third-party-to-external", [])
                    : new Verdict(VerdictAction.Pass, "default", []);
                return Task.FromResult(new ScanReport([], [], verdict));
            },
            store, new RecordingDeliveryQueue(), Options.Create(new PolicyOptions()), Options.Create(new QuarantineOptions()), TimeProvider.System,
            NullLogger<PolicyInspector>.Instance, scanSlots: 1);
        var held = Encoding.ASCII.GetBytes("Subject: customers\r\n\r\nlist attached\r\n");
        var plain = Encoding.ASCII.GetBytes("Subject: lunch\r\n\r\nnoon?\r\n");

        // Another writer holds the database, as a slow disk or a reviewer's action would: the hold must wait for it.
        await using var blocker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        var holding = inspector.InspectAsync(Envelope("0000000021BBBBBBBB"), () => new MemoryStream(held), CancellationToken.None);
        var passing = await inspector.InspectAsync(Envelope("0000000022BBBBBBBB"), () => new MemoryStream(plain), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(passing.Outcome, Is.EqualTo(InspectionOutcome.Deliver), "scanned with the only slot while the other waits for the store");
        Assert.That(holding.IsCompleted, Is.False, "still waiting for the store");
        using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }
        Assert.That((await holding).Outcome, Is.EqualTo(InspectionOutcome.Consumed));
        Assert.That((await store.GetAsync("0000000021BBBBBBBB", CancellationToken.None))!.State, Is.EqualTo(QuarantineState.Held));
    }

    private static Envelope Envelope(string id) =>
        new(new SpoolId(id), "alice@example.com", ["bob@example.org"], "127.0.0.1", null, DateTimeOffset.UnixEpoch);

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

        var (exit, errors) = await Relay.RelayRun.RunAsync(configuration);

        Assert.That(exit, Is.EqualTo(ExitCodes.Error));
        Assert.That(errors, Does.Contain("rules.yaml: line 3, column").And.Contain("'external_recipients' is any, all or none"));
    }
}
