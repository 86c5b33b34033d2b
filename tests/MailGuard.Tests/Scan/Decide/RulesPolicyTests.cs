using MailGuard.Core;
using MailGuard.Scan.Decide;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Scan.Decide;

public sealed class RulesPolicyTests
{
    private const string HoldPhones = """
        rules:
          - { name: phones, when: { findings: { kinds: [phone] } }, action: quarantine }
        default: { action: pass }
        """;

    private const string RejectPhones = """
        rules:
          - { name: phones-rejected, when: { findings: { kinds: [phone] } }, action: reject }
        default: { action: pass }
        """;

    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("mailguard-rules-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private RulesPolicy Policy(string file) => new(
        Options.Create(new PolicyOptions { RulesFile = file }),
        Options.Create(new OrganizationOptions { InternalDomains = ["example.com"] }),
        NullLogger<RulesPolicy>.Instance);

    private static Verdict DecidePhone(RulesPolicy policy) =>
        policy.Decide(RuleSetTests.Input(["x@example.org"], [RuleSetTests.Phone()]));

    [Test]
    public void A_valid_change_is_taken_and_a_broken_one_keeps_the_rules_in_force()
    {
        var file = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(file, HoldPhones);
        var policy = Policy(file);
        Assert.That(DecidePhone(policy).Rule, Is.EqualTo("phones"));

        File.WriteAllText(file, RejectPhones);
        Assert.That(policy.Reload(), Is.True);
        Assert.That(DecidePhone(policy).Action, Is.EqualTo(VerdictAction.Reject));

        File.WriteAllText(file, "rules:\n  - name: broken\n    action: maybe\n");
        Assert.That(policy.Reload(), Is.False);
        Assert.That(DecidePhone(policy).Rule, Is.EqualTo("phones-rejected"), "the last good rules stay");

        File.Delete(file);
        Assert.That(policy.Reload(), Is.False);
        Assert.That(DecidePhone(policy).Rule, Is.EqualTo("phones-rejected"));
    }

    [Test]
    public void A_broken_file_at_start_fails_validation_with_the_line()
    {
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), "rules:\n  - name: one\n    when: { unscannable: yes-please }\n    action: pass\ndefault: { action: pass }\n");
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConfigDirectory"] = _dir })
                .Build())
            .AddMailGuardPolicy()
            .BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => _ = services.GetRequiredService<IOptions<PolicyOptions>>().Value);
        Assert.That(e!.Message, Does.Contain("rules.yaml: line 3, column"));
        Assert.That(e.Message, Does.Contain("'unscannable' is true or false"));
    }
}
