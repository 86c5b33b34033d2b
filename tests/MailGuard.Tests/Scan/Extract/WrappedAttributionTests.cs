using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>An attribution wrapped over two lines is read as one, in each language and case it is written in.</summary>
public sealed class WrappedAttributionTests
{
    private static ExtractionResult Extract(string body) =>
        new MessageExtractor().Extract(new MemoryStream(Encoding.UTF8.GetBytes(
            "From: Aya Nakamura <a.nakamura@example.com>\r\nTo: client@example.org\r\nSubject: Re: plans\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body.ReplaceLineEndings("\r\n"))), CancellationToken.None);

    [TestCase("On Tue, 4 Mar 2025 at 10:15, Lena Brookfield <", "lena.brookfield@example.net> wrote:")]
    [TestCase("  on Tue, 4 Mar 2025 at 10:15, Lena Brookfield <", "lena.brookfield@example.net> wrote:")]
    [TestCase("\u3000ON Tue, 4 Mar 2025 at 10:15, Lena Brookfield <", "lena.brookfield@example.net> wrote:")]
    [TestCase("Am Di., 4. März 2025 um 10:15 Uhr Lena Brookfield", "<lena.brookfield@example.net> schrieb:")]
    [TestCase("Le mar. 4 mars 2025 à 10:15, Lena Brookfield <", "lena.brookfield@example.net> a écrit :")]
    public void Wrapped_attribution_opens_a_quoted_section_with_its_sender(string first, string second)
    {
        var result = Extract($"Thanks, see below.\n\n{first}\n{second}\n\n> Call me on 555-0134.\n");

        var headers = result.Segments.Single(s => s.Location == "body/quoted[1]" && s.Role == SegmentRole.Headers);
        Assert.That(headers.Text.Original, Is.EqualTo(first.Trim() + " " + second));
        Assert.That(headers.Headers!.From.Single().Address, Is.EqualTo("lena.brookfield@example.net"));
        Assert.That(result.Segments.Single(s => s.Location == "body/quoted[1]" && s.Role == SegmentRole.Quoted).Text.Original,
            Is.EqualTo("Call me on 555-0134."));
        Assert.That(result.Segments.Single(s => s.Location == "body" && s.Role == SegmentRole.Authored).Text.Original, Is.EqualTo("Thanks, see below."));
    }

    [TestCase("In Tue, 4 Mar 2025 at 10:15, Lena Brookfield <")]
    [TestCase("Once, 4 Mar 2025 at 10:15, Lena Brookfield <")]
    public void Line_that_only_looks_like_an_attribution_start_is_not_joined_to_the_attribution_below_it(string first)
    {
        var result = Extract($"Thanks, see below.\n{first}\nlena.brookfield@example.net> wrote:\n\n> Call me on 555-0134.\n");

        var headers = result.Segments.Single(s => s.Location == "body/quoted[1]" && s.Role == SegmentRole.Headers);
        Assert.That(headers.Text.Original, Is.EqualTo("lena.brookfield@example.net> wrote:"));
        Assert.That(result.Segments.Single(s => s.Location == "body" && s.Role == SegmentRole.Authored).Text.Original, Does.EndWith(first));
    }
}
