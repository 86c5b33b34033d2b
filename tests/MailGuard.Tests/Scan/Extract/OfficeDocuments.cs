using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>Writes small docx/xlsx/pptx files with the OpenXML SDK, with text in every place a reader must look.</summary>
internal static class OfficeDocuments
{
    public static byte[] Docx()
    {
        using var buffer = new MemoryStream();
        using (var document = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new W.Header(Paragraph("Confidential: prepared for Rachel Simmons"));
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new W.Footer(Paragraph("Contact 303-555-0145"));
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new W.Comments(new W.Comment(Paragraph("Ask Kevin Ortiz first")) { Id = "1", Author = "Reviewer" });
            main.Document = new W.Document(new W.Body(
                Paragraph("Meeting notes"),
                new W.Table(
                    new W.TableRow(Cell("Name"), Cell("Email")),
                    new W.TableRow(Cell("Grace Lindqvist"), Cell("grace.lindqvist@example.net"))),
                new W.Paragraph(new W.Run(new W.Text("Call"), new W.TabChar(), new W.Text("Emma Whitfield")))));
            main.Document.Save();
        }
        return buffer.ToArray();
    }

    public static byte[] Xlsx()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable(new SharedStringItem(new Text("氏名")), new SharedStringItem(new Text("後藤 剛")));
            var first = workbook.AddNewPart<WorksheetPart>();
            first.Worksheet = new Worksheet(new SheetData(
                new Row(SharedCell("A1", 0), InlineCell("C1", "電話")),
                new Row(SharedCell("A2", 1), NumberCell("B2", "42"), InlineCell("C2", "06-0000-8681"))));
            var second = workbook.AddNewPart<WorksheetPart>();
            second.Worksheet = new Worksheet(new SheetData(new Row(InlineCell("B1", "青木 雄一"))));
            workbook.Workbook = new Workbook(new Sheets(
                new Sheet { Name = "顧客一覧", SheetId = 1, Id = workbook.GetIdOfPart(first) },
                new Sheet { Name = "Sheet2", SheetId = 2, Id = workbook.GetIdOfPart(second) }));
            workbook.Workbook.Save();
        }
        return buffer.ToArray();
    }

    public static byte[] Pptx()
    {
        using var buffer = new MemoryStream();
        using (var document = PresentationDocument.Create(buffer, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            var slide = presentation.AddNewPart<SlidePart>();
            slide.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(
                new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" },
                    new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                new P.GroupShapeProperties(),
                new P.Shape(new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = 2, Name = "Title" },
                        new P.NonVisualShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                    new P.ShapeProperties(),
                    new P.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text("Speaker: Dr. Helen Park"))),
                        new A.Paragraph(new A.Run(new A.Text("+1 (617) 555-0133"))))))));
            var notes = slide.AddNewPart<NotesSlidePart>();
            notes.NotesSlide = new P.NotesSlide(new P.CommonSlideData(new P.ShapeTree(
                new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" },
                    new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                new P.GroupShapeProperties(),
                new P.Shape(new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = 2, Name = "Notes" },
                        new P.NonVisualShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                    new P.ShapeProperties(),
                    new P.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text("Her assistant: Tom Avery"))))))));
            presentation.Presentation = new P.Presentation(new P.SlideIdList(new P.SlideId { Id = 256, RelationshipId = presentation.GetIdOfPart(slide) }));
            presentation.Presentation.Save();
        }
        return buffer.ToArray();
    }

    private static W.Paragraph Paragraph(string text) => new(new W.Run(new W.Text(text)));

    private static W.TableCell Cell(string text) => new(Paragraph(text));

    private static Cell SharedCell(string reference, int index) =>
        new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };

    private static Cell InlineCell(string reference, string text) =>
        new(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };

    private static Cell NumberCell(string reference, string value) => new() { CellReference = reference, CellValue = new CellValue(value) };

    /// <summary>
    /// <see cref="Docx"/> with an external hyperlink relationship whose target is not a valid URI, as some mail
    /// clients and converters write them; System.IO.Packaging alone refuses such a package.
    /// </summary>
    public static byte[] DocxWithMalformedHyperlink()
    {
        using var buffer = new MemoryStream();
        buffer.Write(Docx());
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("word/_rels/document.xml.rels")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }
            entry.Delete();
            xml = xml.Replace("</Relationships>",
                "<Relationship Id=\"rIdBad\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" "
                + "Target=\"http://exa mple.com/%%bad[\" TargetMode=\"External\"/></Relationships>", StringComparison.Ordinal);
            using var writer = new StreamWriter(zip.CreateEntry("word/_rels/document.xml.rels").Open());
            writer.Write(xml);
        }
        return buffer.ToArray();
    }
}
