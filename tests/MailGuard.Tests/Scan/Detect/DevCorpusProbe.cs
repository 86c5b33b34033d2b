using System.Text.Json;
using MailGuard.Core;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Scan.Detect;

// THROWAWAY probe: prints findings per dev message.
public sealed class DevCorpusProbe
{
    [Test]
    public void Probe()
    {
        var dir = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../../shared/corpus/dev"));
        var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "labels.json")));
        var org = new OrganizationOptions();
        org.InternalDomains.AddRange(labels.RootElement.GetProperty("internal_domains").EnumerateArray().Select(e => e.GetString()!));
        var detector = new PersonalDataDetector(Options.Create(new DetectOptions { PhoneRegions = ["JP", "US", "GB", "AU"], RoleMailboxes = [.. DetectOptions.DefaultRoleMailboxes] }), Options.Create(org));
        var only = Environment.GetEnvironmentVariable("PROBE");
        foreach (var file in Directory.GetFiles(dir, "*.eml").Order())
        {
            if (only is not null && !file.Contains(only, StringComparison.Ordinal))
            {
                continue;
            }
            using var s = File.OpenRead(file);
            var x = TextDumpExtraction.Extract(s);
            var rcpts = x.Headers.To.Concat(x.Headers.Cc).Select(m => m.Address!).ToList();
            var parties = new MessageParties(x.Headers.From[0].Address!, rcpts, [.. x.Headers.All]);
            var findings = detector.Detect(x, parties);
            var external = rcpts.Any(r => !org.IsInternal(r));
            var flag = external && findings.Any(f => f.ThirdParty && f.Kind != FindingKind.Signature);
            var expected = labels.RootElement.GetProperty("messages").GetProperty(Path.GetFileName(file)).GetProperty("flag").GetBoolean();
            TestContext.Out.WriteLine($"=== {Path.GetFileName(file)} flag={flag} expected={expected} {(flag == expected ? "" : "MISMATCH")}");
            var msg = labels.RootElement.GetProperty("messages").GetProperty(Path.GetFileName(file));
            static string N(string t) => new([.. t.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))]);
            foreach (var m in msg.GetProperty("third_party").EnumerateArray())
            {
                var kind = m.GetProperty("kind").GetString()!;
                var match = m.GetProperty("match").GetString()!;
                if (!findings.Any(f => f.Kind == kind && N(f.Text).Contains(N(match), StringComparison.Ordinal)))
                {
                    TestContext.Out.WriteLine($"   MISSED {kind} {match}");
                }
            }
            foreach (var m in msg.GetProperty("parties").EnumerateArray())
            {
                var match = m.GetProperty("match").GetString()!;
                foreach (var f in findings.Where(f => f.ThirdParty && f.Kind != FindingKind.Signature && N(f.Text).Contains(N(match), StringComparison.Ordinal)))
                {
                    TestContext.Out.WriteLine($"   PARTY-AS-3P {f.Kind} {match}");
                }
            }
            foreach (var f in findings.Where(f => f.Kind != FindingKind.Signature))
            {
                TestContext.Out.WriteLine($"   {(f.ThirdParty ? "3P" : "  ")} {f.Kind,-14} {f.Text.Replace("\n", "\\n")}  | {f.Owner} | {f.Location}");
            }
        }
        Assert.That(Directory.Exists(dir), Is.True);
    }
}
