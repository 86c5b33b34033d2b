using System.Text;
using System.Text.Json;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

public sealed class CorpusExtractionTests
{
    [Test]
    public void Every_labeled_match_of_the_dev_corpus_is_in_the_extracted_text()
    {
        var dev = Path.Combine(CorpusPaths.Root, "dev");
        using var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(dev, "labels.json")));
        var extractor = new MessageExtractor();
        var missing = new List<string>();
        var messages = 0;
        foreach (var message in labels.RootElement.GetProperty("messages").EnumerateObject())
        {
            messages++;
            var result = extractor.Extract(Path.Combine(dev, message.Name), CancellationToken.None);
            var text = ExtractionSummary.AllText(result);
            foreach (var group in new[] { "third_party", "parties", "decoys" })
            {
                if (!message.Value.TryGetProperty(group, out var entries))
                {
                    continue;
                }
                foreach (var entry in entries.EnumerateArray())
                {
                    var match = entry.GetProperty("match").GetString()!;
                    if (!text.Contains(match, StringComparison.Ordinal)
                        && !text.Contains(match.Normalize(NormalizationForm.FormKC), StringComparison.Ordinal))
                    {
                        missing.Add($"{message.Name} {group}: {match}");
                    }
                }
            }
        }
        Assert.That(messages, Is.EqualTo(40));
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Only_the_encrypted_archive_of_the_dev_corpus_is_unscannable()
    {
        var dev = Path.Combine(CorpusPaths.Root, "dev");
        var extractor = new MessageExtractor();
        var problems = Directory.GetFiles(dev, "*.eml").Order(StringComparer.Ordinal)
            .SelectMany(f => extractor.Extract(f, CancellationToken.None).Problems.Select(p => $"{Path.GetFileName(f)} {p.Location}: {p.Reason}"))
            .ToList();
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith("dev_036.eml attachment:").And.Contain("encrypted archive"));
    }

    [Test]
    public void Every_public_file_extracts_within_the_limits()
    {
        var extractor = new MessageExtractor();
        var files = Directory.GetFiles(Path.Combine(CorpusPaths.Root, "public"), "*", SearchOption.AllDirectories);
        Assert.That(files, Has.Length.GreaterThan(500));
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var result = extractor.Extract(file, CancellationToken.None);
                if (result.Segments.Count == 0 && result.Problems.Count == 0 && new FileInfo(file).Length > 200 && file.EndsWith(".eml", StringComparison.Ordinal))
                {
                    failures.Add($"{file}: nothing extracted");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{file}: {e.GetType().Name}");
            }
        }
        Assert.That(failures, Is.Empty);
    }
}
