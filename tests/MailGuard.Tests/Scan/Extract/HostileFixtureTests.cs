using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>Structural tricks: each hidden text is decoded and read, or the message carries the named problem.</summary>
public sealed class HostileFixtureTests
{
    private static ExtractionResult Extract(string fixture) =>
        new MessageExtractor().Extract(Path.Combine(CorpusPaths.Fixtures, fixture), CancellationToken.None);

    [TestCase("hostile_base64_rfc822.eml", "(608) 555-0190")]
    [TestCase("hostile_base64_multipart.eml", "Victor Castellano (602) 555-0158")]
    [TestCase("hostile_base64_in_qp.eml", "Samuel Achebe +1 919 555 0127")]
    [TestCase("hostile_broken_boundary.eml", "Kevin Ortiz 512-555-0176")]
    [TestCase("hostile_missing_end_boundary.eml", "Rachel Simmons")]
    [TestCase("hostile_truncated_base64.eml", "Michael Turner (614) 555-0112")]
    public void Hidden_text_is_read(string fixture, string hidden) =>
        Assert.That(ExtractionSummary.AllText(Extract(fixture)), Does.Contain(hidden));

    [TestCase("hostile_broken_boundary.eml", "message", "multipart has no parts")]
    [TestCase("hostile_missing_end_boundary.eml", "message", "multipart is missing its closing boundary")]
    [TestCase("hostile_truncated_base64.eml", "body", "base64 content is truncated")]
    [TestCase("hostile_duplicate_content_type.eml", "message", "2 Content-Type headers")]
    public void Repaired_structure_is_a_problem(string fixture, string location, string reason) =>
        Assert.That(Extract(fixture).Problems, Has.Some.Matches<ExtractionProblem>(p => p.Location == location && p.Reason.StartsWith(reason, StringComparison.Ordinal)));

    [Test]
    public void Decoded_hiding_places_are_not_problems_but_locations()
    {
        var result = Extract("hostile_base64_in_qp.eml");
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Segments.Single(s => s.Location == "body/base64[1]").Role, Is.EqualTo(SegmentRole.Document));
        Assert.That(Extract("hostile_base64_rfc822.eml").Segments.Select(s => s.Location), Does.Contain("attachment:fwd.eml/body"));
    }
}
