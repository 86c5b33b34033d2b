using System.CommandLine;
using System.Text.Json;
using MailGuard.Cli.Commands;
using MailGuard.Core;
using MailGuard.Quarantine;
using MailGuard.Tests.Quarantine;
using Microsoft.Data.Sqlite;

namespace MailGuard.Tests.Cli;

[NonParallelizable]
public sealed class QuarantineCommandTests
{
    private string _dir = "";

    [SetUp]
    public async Task SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("mailguard-qcli-").FullName;
        File.WriteAllText(Path.Combine(_dir, "mailguard.json"), $$"""{ "DataDirectory": "{{_dir}}" }""");
        var store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "quarantine.db"), TimeProvider.System);
        await store.AddAsync(QuarantineStoreContract.Item("0000000001BBBBBBBB"), QuarantineStoreContract.Message, [], Actor.System("policy"), CancellationToken.None);
        await store.AddAsync(QuarantineStoreContract.Item("0000000002BBBBBBBB"), QuarantineStoreContract.Message, [], Actor.System("policy"), CancellationToken.None);
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            var exit = await QuarantineCommand.Create().Parse([.. args, "--config", _dir]).InvokeAsync();
            return (exit, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    [Test]
    public async Task Release_is_audited_with_who_and_why_and_a_second_release_does_nothing()
    {
        var first = await RunAsync("release", "0000000001BBBBBBBB", "--reason", "the client agreed", "--as", "reviewer.kato");
        var second = await RunAsync("release", "0000000001BBBBBBBB", "--reason", "again", "--as", "reviewer.kato");

        Assert.That(first.Exit, Is.Zero, first.Err);
        Assert.That(first.Out, Does.Contain("0000000001BBBBBBBB: released"));
        Assert.That(second.Exit, Is.Zero);
        Assert.That(second.Out, Does.Contain("already released"));
        var store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "quarantine.db"), TimeProvider.System);
        var audit = await store.AuditAsync("0000000001BBBBBBBB", CancellationToken.None);
        Assert.That(audit.Select(a => (a.Action, a.Actor, a.Reason)), Is.EqualTo(new[]
        {
            ("hold", "mailguard", "policy"),
            ("release", "reviewer.kato", "the client agreed"),
        }));
        Assert.That(audit[1].Origin, Does.StartWith("cli@"));
        var outbox = await store.ClaimOutboxAsync("t", TimeSpan.FromMinutes(1), 10, CancellationToken.None);
        Assert.That(outbox.Count(x => x.Kind == OutboxKind.Release), Is.EqualTo(1));
    }

    [Test]
    public async Task A_decision_without_a_reason_is_refused()
    {
        var result = await RunAsync("reject", "0000000001BBBBBBBB");
        Assert.That(result.Exit, Is.Not.Zero);
        var item = await SqliteQuarantineStore.AtPath(Path.Combine(_dir, "quarantine.db"), TimeProvider.System).GetAsync("0000000001BBBBBBBB", CancellationToken.None);
        Assert.That(item!.State, Is.EqualTo(QuarantineState.Held));
    }

    [Test]
    public async Task Rejecting_released_mail_or_unknown_ids_fails()
    {
        await RunAsync("release", "0000000001BBBBBBBB", "--reason", "ok");
        var result = await RunAsync("reject", "0000000001BBBBBBBB", "0000000099BBBBBBBB", "--reason", "too late");
        Assert.That(result.Exit, Is.EqualTo(2));
        Assert.That(result.Out, Does.Contain("cannot reject a message that is released").And.Contain("0000000099BBBBBBBB: no such quarantined message"));
    }

    [Test]
    public async Task Settings_written_after_the_ids_choose_the_store_and_are_not_taken_for_ids()
    {
        // Another instance's data directory, named only on the command line, after the id.
        var other = Directory.CreateTempSubdirectory("mailguard-qcli-other-").FullName;
        try
        {
            var store = SqliteQuarantineStore.AtPath(Path.Combine(other, "quarantine.db"), TimeProvider.System);
            await store.AddAsync(QuarantineStoreContract.Item("0000000003BBBBBBBB"), QuarantineStoreContract.Message, [], Actor.System("policy"), CancellationToken.None);

            var result = await RunAsync("release", "0000000003BBBBBBBB", $"--DataDirectory={other}", "--reason", "the client agreed");

            Assert.That(result.Exit, Is.EqualTo(0), result.Out + result.Err);
            Assert.That(result.Out.Trim(), Is.EqualTo("0000000003BBBBBBBB: released"));
            Assert.That((await store.GetAsync("0000000003BBBBBBBB", CancellationToken.None))!.State, Is.EqualTo(QuarantineState.Released));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(other, recursive: true);
        }
    }

    [TestCase("before")]
    [TestCase("after")]
    public async Task Show_list_and_release_take_a_setting_before_or_after_the_id_as_a_setting(string where)
    {
        var other = Directory.CreateTempSubdirectory("mailguard-qcli-other-").FullName;
        try
        {
            var store = SqliteQuarantineStore.AtPath(Path.Combine(other, "quarantine.db"), TimeProvider.System);
            await store.AddAsync(QuarantineStoreContract.Item("0000000004BBBBBBBB"), QuarantineStoreContract.Message, [], Actor.System("policy"), CancellationToken.None);
            var setting = $"--DataDirectory={other}";
            string[] With(string verb, params string[] rest) => where == "before" ? [verb, setting, .. rest] : [verb, .. rest, setting];

            var show = await RunAsync(With("show", "0000000004BBBBBBBB", "--json"));
            var list = await RunAsync(With("list", "--json"));
            var release = await RunAsync(With("release", "0000000004BBBBBBBB", "--reason", "the client agreed"));

            Assert.That(show.Exit, Is.Zero, show.Out + show.Err);
            using (var doc = JsonDocument.Parse(show.Out))
            {
                Assert.That(doc.RootElement.GetProperty("message").GetProperty("id").GetString(), Is.EqualTo("0000000004BBBBBBBB"));
            }
            Assert.That(list.Exit, Is.Zero, list.Err);
            Assert.That(list.Out, Does.Contain("0000000004BBBBBBBB").And.Not.Contain("0000000001BBBBBBBB"));
            Assert.That(release.Out.Trim(), Is.EqualTo("0000000004BBBBBBBB: released"), release.Err);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(other, recursive: true);
        }
    }

    [Test]
    public async Task Show_refuses_two_ids_and_list_refuses_a_stray_word()
    {
        var show = await RunAsync("show", "0000000001BBBBBBBB", "0000000002BBBBBBBB");
        var list = await RunAsync("list", "Held");

        Assert.That(show.Exit, Is.EqualTo(2));
        Assert.That(show.Err, Does.Contain("takes one id"));
        Assert.That(list.Exit, Is.EqualTo(2));
        Assert.That(list.Err, Does.Contain("unexpected Held"));
    }

    [Test]
    public async Task A_postgres_server_that_is_down_is_one_line_naming_it_without_the_password()
    {
        var port = MailGuard.Tests.Deliver.TestUpstream.FreePort();
        var result = await RunAsync("list", "--Quarantine:Provider=Postgres",
            $"--Quarantine:ConnectionString=Host=127.0.0.1;Port={port};Database=mailguard;Username=mailguard;Password=secret-example-9;Timeout=3");

        Assert.That(result.Exit, Is.EqualTo(2));
        Assert.That(result.Err, Does.StartWith($"mailguard quarantine: PostgreSQL 127.0.0.1:{port}/mailguard: ").And.Not.Contain("secret-example-9"));
        Assert.That(result.Err.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task List_json_filters_by_state()
    {
        await RunAsync("delete", "0000000002BBBBBBBB", "--reason", "duplicate");
        var result = await RunAsync("list", "--state", "Held", "--json");

        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        using var doc = JsonDocument.Parse(lines[0]);
        Assert.That(doc.RootElement.GetProperty("id").GetString(), Is.EqualTo("0000000001BBBBBBBB"));
        Assert.That(doc.RootElement.GetProperty("state").GetString(), Is.EqualTo("held"));
    }

    [Test]
    public async Task List_pages_with_offset_and_limit_and_says_when_more_follow()
    {
        static string[] Ids(string output) =>
            [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)];
        var all = Ids((await RunAsync("list", "--json")).Out);
        Assume.That(all, Has.Length.EqualTo(2));

        var first = await RunAsync("list", "--json", "--limit", "1");
        var second = await RunAsync("list", "--json", "--limit", "1", "--offset", "1");
        var past = await RunAsync("list", "--json", "--offset", "2");
        var negative = await RunAsync("list", "--offset", "-1");

        Assert.That(Ids(first.Out), Is.EqualTo(all[..1]), "the same order as one page");
        Assert.That(first.Err, Does.Contain("1-1 shown, more follow: --offset 1"), "on stderr, stdout stays JSON lines");
        Assert.That(Ids(second.Out), Is.EqualTo(all[1..]));
        Assert.That(second.Err, Is.Empty, "the last page says nothing more");
        Assert.That((past.Exit, past.Out, past.Err), Is.EqualTo((0, "", "")));
        Assert.That(negative.Exit, Is.EqualTo(2));
        Assert.That(negative.Err, Does.Contain("--offset must be 0 or more"));
    }

    [Test]
    public async Task List_takes_the_consoles_filters()
    {
        var envelope = new Envelope(new SpoolId("0000000003BBBBBBBB"), "hanako@example.com", ["ops@venue.example"], "127.0.0.1", null, DateTimeOffset.UnixEpoch);
        var verdict = new Verdict(VerdictAction.Quarantine, "bulk-list", [new Finding(FindingKind.Email, "x", "body", true, null, "*")]);
        var store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "quarantine.db"), TimeProvider.System);
        await store.AddAsync(QuarantineNames.NewItem(envelope, "Venue list", 10, verdict, QuarantineState.Held, DateTimeOffset.UnixEpoch),
            QuarantineStoreContract.Message, [], Actor.System("policy"), CancellationToken.None);

        async Task<string[]> IdsAsync(params string[] filter)
        {
            var result = await RunAsync(["list", "--json", .. filter]);
            Assert.That(result.Exit, Is.EqualTo(MailGuard.Cli.ExitCodes.Ok), result.Err);
            return [.. result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()![8..10])];
        }

        Assert.That(await IdsAsync("--recipient-domain", "venue.example"), Is.EqualTo(new[] { "03" }));
        Assert.That(await IdsAsync("--kind", FindingKind.Phone), Is.EquivalentTo(new[] { "01", "02" }));
        Assert.That(await IdsAsync("--search", "VENUE"), Is.EqualTo(new[] { "03" }));
        // The store times an item when it stores it (now), whatever the item says.
        Assert.That(await IdsAsync("--before", "2100-01-01"), Is.EquivalentTo(new[] { "01", "02", "03" }));
        Assert.That(await IdsAsync("--before", "2000-01-01"), Is.Empty);
        Assert.That(await IdsAsync("--kind", FindingKind.Email, "--before", "2100-01-01"), Is.EqualTo(new[] { "03" }));
    }

    [Test]
    public async Task Show_json_has_redacted_findings_and_the_audit_log()
    {
        var result = await RunAsync("show", "0000000001BBBBBBBB", "--json");
        Assert.That(result.Exit, Is.Zero, result.Err);
        Assert.That(result.Out, Does.Contain("03-****-1234").And.Not.Contain("03-0000-1234"));
        using var doc = JsonDocument.Parse(result.Out);
        Assert.That(doc.RootElement.GetProperty("audit").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Show_says_how_many_findings_were_counted_but_not_kept()
    {
        var store = SqliteQuarantineStore.AtPath(Path.Combine(_dir, "quarantine.db"), TimeProvider.System);
        var item = QuarantineStoreContract.Item("0000000003BBBBBBBB") with
        {
            OmittedFindings = new Dictionary<string, int> { ["phone"] = 55_650, ["person"] = 50 },
        };
        await store.AddAsync(item, QuarantineStoreContract.Message, [], Actor.System("policy"), CancellationToken.None);

        var text = await RunAsync("show", "0000000003BBBBBBBB");
        var json = await RunAsync("show", "0000000003BBBBBBBB", "--json");
        var list = await RunAsync("list", "--json");

        Assert.That(text.Exit, Is.Zero, text.Err);
        Assert.That(text.Out, Does.Contain("and 55700 more not kept: phone 55650, person 50"));
        using var doc = JsonDocument.Parse(json.Out);
        Assert.That(doc.RootElement.GetProperty("omittedFindings").GetProperty("phone").GetInt32(), Is.EqualTo(55_650));
        Assert.That(doc.RootElement.GetProperty("message").GetProperty("findings").GetInt32(), Is.EqualTo(55_701), "all of them, kept or counted");
        Assert.That(list.Out, Does.Contain("\"findings\":55701"));
    }
}
