using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// A damaged Office document is read as far as it can be, and what could not be read is a problem naming the
/// part, so the message is still held (fail closed) but a reviewer sees the text that is there.
/// </summary>
public sealed class OfficeDefectTests
{
    private static ExtractionResult Extract(string name, byte[] document) =>
        new MessageExtractor().Extract(new MemoryStream(GeneratedMessages.WithAttachment(name, document)), CancellationToken.None);

    private static string[] Segments(ExtractionResult result, string name) =>
        [.. result.Segments
            .Where(s => s.Location.StartsWith("attachment:" + name, StringComparison.Ordinal) && s.Role != SegmentRole.FileName)
            .Select(s => $"{s.Location} [{s.Text.Original}]")];

    private static string[] Problems(ExtractionResult result) => [.. result.Problems.Select(p => $"{p.Location}: {p.Reason}")];

    [Test]
    public void Workbook_with_a_missing_sheet_part_reads_the_other_sheets_and_names_the_missing_part()
    {
        var intact = OfficeStructureDocuments.Xlsx();
        var (secret, _) = OfficeDefectDocuments.Sheet(intact, "Secret");
        var result = Extract("book.xlsx", OfficeDefectDocuments.WithoutPart(intact, secret));

        Assert.That(Segments(result, "book.xlsx"), Is.EqualTo(new[]
        {
            "attachment:book.xlsx [Contacts & calls\nSecret\nChart1\nEmpty]",
            "attachment:book.xlsx/Contacts & calls [Name\tRich Hollis Vane\t\t\t山田ヤマダ\n45678\t3.14159\t1\t#DIV/0!\tjoined\ninline Keziah Morrow\trich inline\tline one line two tabbed\t\t padded \n\t7\t\t\t8\n\t\t12\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t26]",
            "attachment:book.xlsx/Contacts & calls/comments [Reviewer: call Sunniva Roe\nplain note]",
        }));
        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            $"attachment:book.xlsx: part {secret} (referenced by /xl/workbook.xml) is missing from the package; the rest was read",
        }));
    }

    [Test]
    public void Sheet_whose_relationship_is_missing_is_a_problem_of_that_sheet_and_the_others_are_read()
    {
        var intact = OfficeStructureDocuments.Xlsx();
        var (_, id) = OfficeDefectDocuments.Sheet(intact, "Secret");
        var result = Extract("book.xlsx", OfficeDefectDocuments.WithoutRelationship(intact, "/xl/workbook.xml", id));

        Assert.That(Segments(result, "book.xlsx").Select(s => s[..s.IndexOf(' ', StringComparison.Ordinal)]), Is.EqualTo(new[]
        {
            "attachment:book.xlsx", "attachment:book.xlsx/Contacts", "attachment:book.xlsx/Contacts",
        }));
        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            $"attachment:book.xlsx/Secret: sheet could not be read: /xl/workbook.xml has no part for relationship {id}",
        }));
    }

    [Test]
    public void Workbook_without_its_shared_strings_still_gives_every_other_cell()
    {
        var intact = OfficeStructureDocuments.Xlsx();
        var shared = OfficeDefectDocuments.SharedStrings(intact);
        var result = Extract("book.xlsx", OfficeDefectDocuments.WithoutPart(intact, shared));

        Assert.That(result.Segments.Single(s => s.Location == "attachment:book.xlsx/Contacts & calls").Text.Original, Does.StartWith(
            "\t\t\t\t\n45678\t3.14159\t1\t#DIV/0!\tjoined\ninline Keziah Morrow\trich inline"));
        Assert.That(Segments(result, "book.xlsx"), Has.Some.Contains("hidden sheet Lorcan Pryce"));
        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            $"attachment:book.xlsx: part {shared} (referenced by /xl/workbook.xml) is missing from the package; the rest was read",
        }));
    }

    [Test]
    public void Document_with_a_missing_header_part_reads_body_other_header_footer_and_notes()
    {
        var intact = OfficeStructureDocuments.Docx();
        var header = OfficeDefectDocuments.Header(intact, 0);
        var result = Extract("memo.docx", OfficeDefectDocuments.WithoutPart(intact, header));

        var segments = Segments(result, "memo.docx");
        Assert.That(segments, Has.None.Contains("Corwin Ashby"));
        foreach (var kept in new[] { "Marguerite Ashdown", "Header box: Priya Landry", "Page footer", "Olwen Strand", "Bram Okafor", "Endnote text" })
        {
            Assert.That(segments, Has.Some.Contains(kept));
        }
        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            $"attachment:memo.docx: part {header} (referenced by /word/document.xml) is missing from the package; the rest was read",
        }));
    }

    [Test]
    public void Presentation_with_a_missing_slide_part_reads_the_other_slide_and_its_notes()
    {
        var intact = OfficeStructureDocuments.Pptx();
        var (second, _) = OfficeDefectDocuments.Slide(intact, 2);
        var result = Extract("talk.pptx", OfficeDefectDocuments.WithoutPart(intact, second));

        Assert.That(Segments(result, "talk.pptx"), Is.EqualTo(new[]
        {
            "attachment:talk.pptx/slide[1] [Speaker: Anselm Quist\nLineafter break\n\nGrouped +1 (617) 555-0161\ncell one\ncell two]",
            "attachment:talk.pptx/slide[1]/notes [Notes: ring Wilhelmina Dorsey\nsecond note]",
            "attachment:talk.pptx/slide[1]/comments [Comment about Evander Holt\nsecond comment]",
        }));
        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            $"attachment:talk.pptx: part {second} (referenced by /ppt/presentation.xml) is missing from the package; the rest was read",
        }));
    }

    [Test]
    public void Slide_whose_relationship_is_missing_is_a_problem_of_that_slide_and_later_slides_keep_their_numbers()
    {
        var intact = OfficeStructureDocuments.Pptx();
        var (_, id) = OfficeDefectDocuments.Slide(intact, 1);
        var result = Extract("talk.pptx", OfficeDefectDocuments.WithoutRelationship(intact, "/ppt/presentation.xml", id));

        Assert.That(Segments(result, "talk.pptx"), Is.EqualTo(new[] { "attachment:talk.pptx/slide[2] [Slide two]" }));
        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            $"attachment:talk.pptx/slide[1]: slide could not be read: /ppt/presentation.xml has no part for relationship {id}",
        }));
    }

    [Test]
    public void Undeclared_ignorable_prefix_holds_the_document_and_reads_its_text_as_a_valid_one()
    {
        // Word refuses a root whose mc:Ignorable names a prefix with no namespace; the reader ignores nothing by
        // mc:Ignorable, so the same text as in the valid document is read: text boxes in mc:AlternateContent
        // included, an element outside the schema (here in the namespace the prefix is bound to further down)
        // not, as in any document.
        var intact = OfficeStructureDocuments.Docx();
        var hidden = "<x:note xmlns:x=\"urn:example:x\"><w:p><w:r><w:t>Hidden Halvard Quist</w:t></w:r></w:p></x:note>";
        var damaged = OfficeDefectDocuments.WithPartXml(intact, "/word/document.xml", xml => xml
            .Replace("mc:Ignorable=\"w14\"", "mc:Ignorable=\"w14 x\"", StringComparison.Ordinal)
            .Replace("<w:body>", "<w:body>" + hidden, StringComparison.Ordinal));
        var result = Extract("memo.docx", damaged);

        Assert.That(Segments(result, "memo.docx"), Is.EqualTo(Segments(Extract("memo.docx", intact), "memo.docx")));
        Assert.That(Segments(result, "memo.docx"), Has.None.Contains("Halvard"));
        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            "attachment:memo.docx: /word/document.xml: mc:Ignorable names an undeclared namespace prefix, which Office refuses; its text was read",
        }));
    }

    [Test]
    public void Undeclared_ignorable_prefix_is_found_in_parts_the_sdk_reader_reads()
    {
        var intact = OfficeStructureDocuments.Pptx();
        var damaged = OfficeDefectDocuments.WithPartXml(intact, "/ppt/presentation.xml", xml => xml.Replace(
            "<p:presentation ", "<p:presentation xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"p14\" ", StringComparison.Ordinal));
        var result = Extract("talk.pptx", damaged);

        Assert.That(Segments(result, "talk.pptx"), Is.EqualTo(Segments(Extract("talk.pptx", intact), "talk.pptx")));
        Assert.That(Problems(result), Is.EqualTo(new[]
        {
            "attachment:talk.pptx: /ppt/presentation.xml: mc:Ignorable names an undeclared namespace prefix, which Office refuses; its text was read",
        }));
    }

    [Test]
    public void Declared_ignorable_prefixes_are_no_problem()
    {
        var intact = OfficeStructureDocuments.Docx();
        var declared = OfficeDefectDocuments.WithPartXml(intact, "/word/document.xml", xml => xml
            .Replace("mc:Ignorable=\"w14\"", "xmlns:x=\"urn:example:x\" mc:Ignorable=\" w14  x \"", StringComparison.Ordinal));

        Assert.That(Problems(Extract("memo.docx", declared)), Is.Empty);
    }

    [Test]
    public void Intact_documents_have_no_problems()
    {
        Assert.That(Problems(Extract("a.xlsx", OfficeStructureDocuments.Xlsx())), Is.Empty);
        Assert.That(Problems(Extract("a.docx", OfficeStructureDocuments.Docx())), Is.Empty);
        Assert.That(Problems(Extract("a.pptx", OfficeStructureDocuments.Pptx())), Is.Empty);
    }
}
