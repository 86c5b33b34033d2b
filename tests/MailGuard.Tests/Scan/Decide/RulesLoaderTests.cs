using MailGuard.Scan.Decide;

namespace MailGuard.Tests.Scan.Decide;

public sealed class RulesLoaderTests
{
    private static IReadOnlyList<RuleError> ErrorsOf(string yaml)
    {
        var e = Assert.Throws<RulesException>(() => RulesLoader.Parse(yaml, "bad.yaml"));
        return e!.Errors;
    }

    [Test]
    public void Unknown_action_is_reported_on_its_line()
    {
        const string yaml = """
            rules:
              - name: one
                when: { external_recipients: any }
                action: hold
            default: { action: pass }
            """;
        var errors = ErrorsOf(yaml);
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Line, Is.EqualTo(4));
        Assert.That(errors[0].Message, Does.Contain("unknown action 'hold'"));
    }

    [Test]
    public void Every_error_of_a_file_is_reported_with_its_line()
    {
        const string yaml = """
            rules:
              - name: one
                when:
                  findings: { kinds: [persons], min: 0 }
                action: quarantine
              - name: one
                when: { sender_in_group: nobody, colour: red }
                action: pass
            """;
        var errors = ErrorsOf(yaml);
        Assert.That(errors.Select(e => (e.Line, e.Message.Split(' ')[0] + " " + e.Message.Split(' ')[1])), Is.EquivalentTo(new[]
        {
            (4L, "unknown finding"),
            (4L, "'min' must"),
            (6L, "a rule"),
            (7L, "unknown key"),
            (7L, "no group"),
            (1L, "'default' is"),
        }));
    }

    [Test]
    public void Broken_yaml_names_the_line()
    {
        const string yaml = "rules:\n  - name: one\n    when: { external_recipients: any\n    action: pass\n";
        var errors = ErrorsOf(yaml);
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Line, Is.InRange(3, 5));
    }

    [Test]
    public void Tag_headers_must_be_mailguard_headers()
    {
        const string yaml = """
            rules:
              - { name: t, when: { unscannable: true }, action: tag, tag: { headers: { Subject: hi } } }
            default: { action: pass }
            """;
        Assert.That(ErrorsOf(yaml)[0].Message, Does.Contain("X-MailGuard-"));
    }

    [TestCase("512", 512L)]
    [TestCase("10MB", 10L * 1024 * 1024)]
    [TestCase("2 kb", 2048L)]
    [TestCase("ten", null)]
    public void Sizes_take_units(string text, long? expected) =>
        Assert.That(RulesLoader.ParseSize(text), Is.EqualTo(expected));
}
