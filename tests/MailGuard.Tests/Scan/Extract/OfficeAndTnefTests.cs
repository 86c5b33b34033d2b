using System.Text;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>OOXML documents built with the SDK, and TNEF from MimeKit's published samples.</summary>
public sealed class OfficeAndTnefTests
{
    private static ExtractionResult Extract(byte[] message) => new MessageExtractor().Extract(new MemoryStream(message), CancellationToken.None);

    private static string Text(ExtractionResult result, string location) =>
        result.Segments.Single(s => s.Location == location && s.Role != SegmentRole.FileName).Text.Original;

    [Test]
    public void Docx_body_tables_headers_footers_and_comments_are_read()
    {
        var result = Extract(GeneratedMessages.WithAttachment("notes.docx", OfficeDocuments.Docx()));
        Assert.That(result.Segments.Where(s => s.Location.StartsWith("attachment:notes.docx", StringComparison.Ordinal) && s.Role != SegmentRole.FileName)
                .Take(3).Select(s => (s.Location, s.Text.Original)),
            Is.EqualTo(new[]
            {
                ("attachment:notes.docx", "Meeting notes"),
                ("attachment:notes.docx/table[1]", "Name\tEmail\nGrace Lindqvist\tgrace.lindqvist@example.net"),
                ("attachment:notes.docx", "Call\tEmma Whitfield"),
            }), "document order");
        Assert.That(Text(result, "attachment:notes.docx/header[1]"), Is.EqualTo("Confidential: prepared for Rachel Simmons"));
        Assert.That(Text(result, "attachment:notes.docx/footer[1]"), Is.EqualTo("Contact 303-555-0145"));
        Assert.That(Text(result, "attachment:notes.docx/comments"), Is.EqualTo("Ask Kevin Ortiz first"));
        Assert.That(result.Problems, Is.Empty);
    }

    [Test]
    public void Docx_with_a_malformed_hyperlink_target_is_still_read()
    {
        var result = Extract(GeneratedMessages.WithAttachment("links.docx", OfficeDocuments.DocxWithMalformedHyperlink()));
        Assert.That(result.Problems.Select(p => p.Reason), Is.Empty);
        Assert.That(Text(result, "attachment:links.docx/table[1]"), Does.Contain("Grace Lindqvist"));
    }

    [Test]
    public void Xlsx_sheets_are_tables_with_shared_and_inline_strings_in_their_columns()
    {
        var result = Extract(GeneratedMessages.WithAttachment("顧客.xlsx", OfficeDocuments.Xlsx()));
        Assert.That(Text(result, "attachment:顧客.xlsx"), Is.EqualTo("顧客一覧\nSheet2"), "sheet names are text");
        Assert.That(Text(result, "attachment:顧客.xlsx/顧客一覧"), Is.EqualTo("氏名\t\t電話\n後藤 剛\t42\t06-0000-8681"));
        Assert.That(Text(result, "attachment:顧客.xlsx/Sheet2"), Is.EqualTo("\t青木 雄一"));
        Assert.That(result.Segments.Single(s => s.Location == "attachment:顧客.xlsx/顧客一覧").Role, Is.EqualTo(SegmentRole.Table));
    }

    [Test]
    public void Pptx_slides_and_notes_are_read()
    {
        var result = Extract(GeneratedMessages.WithAttachment("talk.pptx", OfficeDocuments.Pptx()));
        Assert.That(Text(result, "attachment:talk.pptx/slide[1]"), Is.EqualTo("Speaker: Dr. Helen Park\n+1 (617) 555-0133"));
        Assert.That(Text(result, "attachment:talk.pptx/slide[1]/notes"), Is.EqualTo("Her assistant: Tom Avery"));
    }

    [Test]
    public void Office_file_inside_a_zip_is_read_with_the_full_path()
    {
        var zip = GeneratedMessages.Zip(("reports/notes.docx", OfficeDocuments.Docx()));
        var result = Extract(GeneratedMessages.WithAttachment("reports.zip", zip));
        Assert.That(Text(result, "attachment:reports.zip/reports/notes.docx/table[1]"), Does.Contain("Grace Lindqvist"));
    }

    [Test]
    public void Tnef_winmail_dat_becomes_a_nested_message()
    {
        var tnef = File.ReadAllBytes(Path.Combine(CorpusPaths.Root, "public", "mimekit", "UnitTests", "TestData", "tnef", "body.tnef"));
        var result = Extract(GeneratedMessages.WithAttachment("winmail.dat", tnef, "application/ms-tnef"));
        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Segments.Where(s => s.Location.StartsWith("attachment:winmail.dat/body", StringComparison.Ordinal)), Is.Not.Empty);
    }

    [Test]
    public void Corrupt_tnef_is_a_problem_not_an_exception()
    {
        var result = Extract(GeneratedMessages.WithAttachment("winmail.dat", Encoding.ASCII.GetBytes("not tnef at all"), "application/ms-tnef"));
        Assert.That(result.Problems.Single().Location, Is.EqualTo("attachment:winmail.dat"));
    }
}
