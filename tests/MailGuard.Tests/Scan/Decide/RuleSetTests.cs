using MailGuard.Core;
using MailGuard.Scan.Decide;

namespace MailGuard.Tests.Scan.Decide;

public sealed class RuleSetTests
{
    private static readonly OrganizationOptions Organization = new() { InternalDomains = ["example.com"] };

    internal static Finding Person(string location = "body/forwarded[1]", bool thirdParty = true) =>
        new(FindingKind.Person, "Marcus Bell", location, thirdParty, "Marcus Bell", "Marcus **");

    internal static Finding Phone(string location = "body", bool thirdParty = true) =>
        new(FindingKind.Phone, "03-0000-1234", location, thirdParty, null, "03-****-1234");

    internal static PolicyInput Input(string[] recipients, Finding[] findings, string from = "alice@example.com", MessageFacts? facts = null) =>
        new(new Envelope(new SpoolId("0000000000BBBBBBBB"), from, recipients, "127.0.0.1", null, DateTimeOffset.UnixEpoch),
            findings, facts ?? MessageFacts.Empty);

    private static Verdict Decide(string yaml, PolicyInput input, PolicyMode mode = PolicyMode.Enforce) =>
        RulesLoader.Parse(yaml, "test.yaml").Decide(input, Organization, mode);

    [Test]
    public void Shipped_rules_hold_third_party_data_going_out()
    {
        var rules = RulesLoader.Load(RepositoryFiles.Path("config/rules.yaml"));
        var verdict = rules.Decide(Input(["bob@example.org"], [Person(), Phone(thirdParty: false)]), Organization, PolicyMode.Enforce);

        Assert.That(verdict.Action, Is.EqualTo(VerdictAction.Quarantine));
        Assert.That(verdict.Rule, Is.EqualTo("third-party-data-to-external"));
        Assert.That(verdict.Findings, Is.EqualTo(new[] { Person() }), "the evidence is the third-party finding only");
        Assert.That(verdict.Notify, Is.EqualTo(NotifyTargets.Sender | NotifyTargets.Reviewers));
        Assert.That(verdict.Description["ja"], Does.Contain("第三者"));
    }

    [Test]
    public void Shipped_rules_pass_internal_only_mail_and_parties_data()
    {
        var rules = RulesLoader.Load(RepositoryFiles.Path("config/rules.yaml"));
        var internalOnly = rules.Decide(Input(["bob@example.com", "carol@sales.example.com"], [Person()]), Organization, PolicyMode.Enforce);
        var partiesOnly = rules.Decide(Input(["bob@example.org"], [Person(thirdParty: false)]), Organization, PolicyMode.Enforce);

        Assert.That(internalOnly.Action, Is.EqualTo(VerdictAction.Pass));
        Assert.That(internalOnly.Rule, Is.EqualTo("default"));
        Assert.That(partiesOnly.Action, Is.EqualTo(VerdictAction.Pass));
    }

    [Test]
    public void Shipped_rules_hold_unscannable_content_going_out()
    {
        var rules = RulesLoader.Load(RepositoryFiles.Path("config/rules.yaml"));
        var locked = new Finding(FindingKind.Unscannable, "encrypted zip", "attachment:a.zip", true, null, "encrypted zip");
        var verdict = rules.Decide(Input(["bob@example.com", "dan@example.org"], [locked]), Organization, PolicyMode.Enforce);

        Assert.That(verdict.Rule, Is.EqualTo("unscannable-to-external"));
        Assert.That(verdict.Action, Is.EqualTo(VerdictAction.Quarantine));
    }

    [Test]
    public void First_matching_rule_wins()
    {
        const string yaml = """
            rules:
              - { name: first, when: { findings: { kinds: [phone] } }, action: reject }
              - { name: second, when: { findings: { kinds: [phone] } }, action: quarantine }
            default: { action: pass }
            """;
        Assert.That(Decide(yaml, Input(["x@example.org"], [Phone()])).Rule, Is.EqualTo("first"));
    }

    [TestCase(1, "held")]
    [TestCase(2, "held")]
    [TestCase(3, "default")]
    public void Minimum_counts_are_honoured(int min, string expected)
    {
        var yaml = $$"""
            rules:
              - { name: held, when: { findings: { kinds: [person, phone], min: {{min}} } }, action: quarantine }
            default: { action: pass }
            """;
        Assert.That(Decide(yaml, Input(["x@example.org"], [Person(), Phone()])).Rule, Is.EqualTo(expected));
    }

    [TestCase("body/forwarded[2]", "forwarded", true)]
    [TestCase("attachment:old.eml/body/forwarded[1]", "attachment", true)]
    [TestCase("attachment:list.xlsx/Sheet1", "forwarded", false)]
    [TestCase("body", "body", true)]
    [TestCase("body/quoted[1]", "body", false)]
    [TestCase("body/quoted[1]", "quoted", true)]
    public void Location_is_read_from_the_path(string location, string wanted, bool matches)
    {
        var yaml = $$"""
            rules:
              - { name: hit, when: { findings: { location: [{{wanted}}] } }, action: quarantine }
            default: { action: pass }
            """;
        Assert.That(Decide(yaml, Input(["x@example.org"], [Person(location)])).Rule, Is.EqualTo(matches ? "hit" : "default"));
    }

    [Test]
    public void All_any_and_not_combine()
    {
        const string yaml = """
            groups:
              legal: [counsel@example.com, "@legal.example.com"]
            rules:
              - name: combined
                when:
                  all:
                    - external_recipients: all
                    - any:
                        - recipient_domain: [example.org]
                        - recipient_address: [partner@example.net]
                    - not: { sender_in_group: legal }
                action: reject
            default: { action: pass }
            """;
        Assert.Multiple(() =>
        {
            Assert.That(Decide(yaml, Input(["a@sub.example.org"], [])).Rule, Is.EqualTo("combined"));
            Assert.That(Decide(yaml, Input(["partner@example.net"], [])).Rule, Is.EqualTo("combined"));
            Assert.That(Decide(yaml, Input(["other@example.net"], [])).Rule, Is.EqualTo("default"));
            Assert.That(Decide(yaml, Input(["a@example.org", "b@example.com"], [])).Rule, Is.EqualTo("default"), "not all external");
            Assert.That(Decide(yaml, Input(["a@example.org"], [], from: "x@legal.example.com")).Rule, Is.EqualTo("default"));
            Assert.That(Decide(yaml, Input(["a@example.org"], [], from: "counsel@example.com")).Rule, Is.EqualTo("default"));
        });
    }

    [Test]
    public void Attachments_size_and_sender_domain_match_on_message_facts()
    {
        const string yaml = """
            rules:
              - { name: sheets, when: { attachment: { names: ["*.xlsx"] } }, action: quarantine }
              - { name: zips, when: { attachment: { types: ["application/*zip*"] } }, action: quarantine }
              - { name: big, when: { size: { over: 1MB }, sender_domain: [example.com] }, action: tag,
                  tag: { headers: { X-MailGuard-Size: large }, subject_prefix: "[Large] " }, bcc: [audit@example.com] }
            default: { action: pass }
            """;
        var sheet = new MessageFacts(10, [new AttachmentFact("顧客リスト.XLSX", "application/octet-stream")]);
        var zip = new MessageFacts(10, [new AttachmentFact("a.bin", "application/x-zip-compressed")]);
        var big = new MessageFacts(2 * 1024 * 1024, []);
        Assert.Multiple(() =>
        {
            Assert.That(Decide(yaml, Input(["x@example.org"], [], facts: sheet)).Rule, Is.EqualTo("sheets"));
            Assert.That(Decide(yaml, Input(["x@example.org"], [], facts: zip)).Rule, Is.EqualTo("zips"));
            var tagged = Decide(yaml, Input(["x@example.org"], [], facts: big));
            Assert.That(tagged.Action, Is.EqualTo(VerdictAction.Tag));
            Assert.That(tagged.Headers, Is.EqualTo(new[] { new KeyValuePair<string, string>("X-MailGuard-Size", "large") }));
            Assert.That(tagged.SubjectPrefix, Is.EqualTo("[Large] "));
            Assert.That(tagged.Bcc, Is.EqualTo(new[] { "audit@example.com" }));
            Assert.That(Decide(yaml, Input(["x@example.org"], [], from: "a@example.net", facts: big)).Rule, Is.EqualTo("default"));
        });
    }

    [Test]
    public void Monitor_mode_marks_flagged_verdicts_only()
    {
        const string yaml = """
            rules:
              - { name: watched, mode: Monitor, when: { findings: { kinds: [phone] } }, action: quarantine }
              - { name: enforced, when: { findings: { kinds: [person] } }, action: reject }
            default: { action: pass }
            """;
        Assert.Multiple(() =>
        {
            Assert.That(Decide(yaml, Input(["x@example.org"], [Phone()])).Monitor, Is.True, "the rule's own mode");
            Assert.That(Decide(yaml, Input(["x@example.org"], [Person()])).Monitor, Is.False);
            Assert.That(Decide(yaml, Input(["x@example.org"], [Person()]), PolicyMode.Monitor).Monitor, Is.True, "the global mode wins");
            var verdict = Decide(yaml, Input(["x@example.org"], []), PolicyMode.Monitor);
            Assert.That(verdict.Monitor, Is.False, "a pass is a pass");
            Assert.That(verdict.Action, Is.EqualTo(VerdictAction.Pass));
        });
    }
}
