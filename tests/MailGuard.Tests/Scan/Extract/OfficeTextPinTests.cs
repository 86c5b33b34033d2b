using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Pins the text the Office reader gives for every structure it handles, segment by segment, so a faster reader
/// cannot change what Detect sees. The expected text is what the OpenXML DOM reader produced on these documents.
/// </summary>
public sealed class OfficeTextPinTests
{
    private static string[] Segments(string name, byte[] document)
    {
        var result = new MessageExtractor().Extract(new MemoryStream(GeneratedMessages.WithAttachment(name, document)), CancellationToken.None);
        Assert.That(result.Problems, Is.Empty);
        return [.. result.Segments
            .Where(s => s.Location.StartsWith("attachment:" + name, StringComparison.Ordinal) && s.Role != SegmentRole.FileName)
            .Select(s => $"{s.Location} {s.Role} [{s.Text.Original}]")];
    }

    [Test]
    public void Word_text_keeps_paragraphs_breaks_tabs_tables_text_boxes_and_side_parts()
    {
        Assert.That(Segments("pin.docx", OfficeStructureDocuments.Docx()), Is.EqualTo(new[]
        {
            "attachment:pin.docx Document [Quarterly review for Marguerite Ashdown\text. 0142\nLine one\nLine two\nLine three\n\n   spaced  \nlink text«Name»inserted words\nBefore the box Boxed: Tobias Wrenfield 555-0137Box line twoBoxed: Tobias Wrenfield 555-0137Box line two after the box]",
            "attachment:pin.docx/table[1] Table [Name\tPhone\tNotes\nInes Marlowe\t555-0181 second para\ttab\tin cell break\ninner A1 inner B1 inner A2 inner B2\tafter inner\t\ninner A1\tinner B1\ninner A2\tinner B2\nplain cell]",
            "attachment:pin.docx Document [Content control paragraph\nsdt table cell one\nsdt table cell two\nBox in a control Control box: Dalia FerreiraBox line twoControl box: Dalia FerreiraBox line two\nControl box: Dalia Ferreira\nBox line two\nControl box: Dalia Ferreira\nBox line two\nLast paragraph]",
            "attachment:pin.docx/header[1] Document [First header: Corwin Ashby\nheader cell\n555-0199]",
            "attachment:pin.docx/header[2] Document [Second header Header box: Priya LandryBox line twoHeader box: Priya LandryBox line two\nHeader box: Priya Landry\nBox line two\nHeader box: Priya Landry\nBox line two]",
            "attachment:pin.docx/footer[1] Document [Page footer\tconfidential]",
            "attachment:pin.docx/comments Document [Check with Olwen Strand\nsecond comment paragraph\nAnother comment]",
            "attachment:pin.docx/footnotes Document [\n\n Source: interview with Bram Okafor]",
            "attachment:pin.docx/endnotes Document [Endnote text]",
        }));
    }

    [Test]
    public void Excel_text_keeps_sheet_names_shared_and_inline_strings_values_columns_and_comments()
    {
        Assert.That(Segments("pin.xlsx", OfficeStructureDocuments.Xlsx()), Is.EqualTo(new[]
        {
            "attachment:pin.xlsx Document [Contacts & calls\nSecret\nChart1\nEmpty]",
            "attachment:pin.xlsx/Contacts & calls Table [Name\tRich Hollis Vane\t\t\t山田ヤマダ\n45678\t3.14159\t1\t#DIV/0!\tjoined\ninline Keziah Morrow\trich inline\tline one line two tabbed\t\t padded \n\t7\t\t\t8\n\t\t12\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t26]",
            "attachment:pin.xlsx/Contacts & calls/comments Document [Reviewer: call Sunniva Roe\nplain note]",
            "attachment:pin.xlsx/Secret Table [\thidden sheet Lorcan Pryce]",
        }));
    }

    [Test]
    public void PowerPoint_text_keeps_slides_groups_tables_notes_and_comments()
    {
        Assert.That(Segments("pin.pptx", OfficeStructureDocuments.Pptx()), Is.EqualTo(new[]
        {
            "attachment:pin.pptx/slide[1] Document [Speaker: Anselm Quist\nLineafter break\n\nGrouped +1 (617) 555-0161\ncell one\ncell two]",
            "attachment:pin.pptx/slide[1]/notes Document [Notes: ring Wilhelmina Dorsey\nsecond note]",
            "attachment:pin.pptx/slide[1]/comments Document [Comment about Evander Holt\nsecond comment]",
            "attachment:pin.pptx/slide[2] Document [Slide two]",
        }));
    }

    [Test]
    public void Strict_document_is_read_with_its_namespaces_converted()
    {
        // The reader tells strict packages from the relationship types itself; taken for transitional, the strict
        // root would not be a w:document to it and the document would be unreadable.
        Assert.That(Segments("strict.docx", OfficeDefectDocuments.StrictDocx("Strict text for Odile Varga")), Is.EqualTo(new[]
        {
            "attachment:strict.docx Document [Strict text for Odile Varga]",
            "attachment:strict.docx/table[1] Table [cell]",
        }));
    }

    [Test]
    public void Indented_xml_text_leaves_and_unknown_elements_read_as_the_sdk_loads_them()
    {
        Assert.That(Segments("indented.docx", OfficeStructureDocuments.IndentedDocx()), Is.EqualTo(new[]
        {
            "attachment:indented.docx Document [Hello Fenna Oster   \tcdata <text>a]",
            "attachment:indented.docx/table[1] Table [cell]",
        }));
        Assert.That(Segments("indented.xlsx", OfficeStructureDocuments.IndentedXlsx()), Is.EqualTo(new[]
        {
            "attachment:indented.xlsx Document [Sheet1]",
            "attachment:indented.xlsx/Sheet1 Table [pretty Ulla Brandt\taext textb\tinline richunknown text\tformula\n\n2025-01-01T00:00:00]",
        }));
    }
}
