using System.IO.Packaging;
using DocumentFormat.OpenXml.Packaging;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>
/// Documents built or changed with System.IO.Packaging, below the SDK: damaged copies of the SDK-written documents of
/// <see cref="OfficeStructureDocuments"/> as a careless tool or a truncated transfer leaves them (a part gone while
/// relationships still point at it, a relationship gone while the part and the reference to it stay), and forms the
/// SDK does not write.
/// </summary>
internal static class OfficeDefectDocuments
{
    /// <summary>A copy of <paramref name="document"/> without the part at <paramref name="partUri"/>; references to it stay.</summary>
    public static byte[] WithoutPart(byte[] document, string partUri) =>
        Changed(document, package => package.DeletePart(new Uri(partUri, UriKind.Relative)));

    /// <summary>A copy without relationship <paramref name="id"/> of the part at <paramref name="sourceUri"/>; its target part stays.</summary>
    public static byte[] WithoutRelationship(byte[] document, string sourceUri, string id) =>
        Changed(document, package => package.GetPart(new Uri(sourceUri, UriKind.Relative)).DeleteRelationship(id));

    /// <summary>The part and relationship id of the sheet named <paramref name="name"/>.</summary>
    public static (string Uri, string Id) Sheet(byte[] xlsx, string name)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var id = workbook.Workbook!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == name).Id!.Value!;
        return (workbook.GetPartById(id).Uri.OriginalString, id);
    }

    public static string SharedStrings(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return document.WorkbookPart!.SharedStringTablePart!.Uri.OriginalString;
    }

    /// <summary>The part of the <paramref name="index"/>th header (0-based, in relationship order).</summary>
    public static string Header(byte[] docx, int index)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return document.MainDocumentPart!.HeaderParts.ElementAt(index).Uri.OriginalString;
    }

    /// <summary>The part and relationship id of slide <paramref name="number"/> (1-based, in the presentation's order).</summary>
    public static (string Uri, string Id) Slide(byte[] pptx, int number)
    {
        using var document = PresentationDocument.Open(new MemoryStream(pptx), false);
        var presentation = document.PresentationPart!;
        var id = presentation.Presentation!.SlideIdList!.Elements<DocumentFormat.OpenXml.Presentation.SlideId>().ElementAt(number - 1).RelationshipId!.Value!;
        return (presentation.GetPartById(id).Uri.OriginalString, id);
    }

    /// <summary>A copy with the XML of the part at <paramref name="partUri"/> edited by <paramref name="edit"/>.</summary>
    public static byte[] WithPartXml(byte[] document, string partUri, Func<string, string> edit) =>
        Changed(document, package =>
        {
            var part = package.GetPart(new Uri(partUri, UriKind.Relative));
            string xml;
            using (var reader = new StreamReader(part.GetStream(FileMode.Open, FileAccess.Read)))
            {
                xml = reader.ReadToEnd();
            }
            using var writer = new StreamWriter(part.GetStream(FileMode.Create, FileAccess.Write));
            writer.Write(edit(xml));
        });

    /// <summary>
    /// A Word document in ISO 29500 strict form, as Word's "Strict Open XML" save writes it: strict relationship types
    /// and namespaces, which the SDK converts while it reads. The SDK cannot write one, so it is built part by part.
    /// </summary>
    public static byte[] StrictDocx(string text)
    {
        using var buffer = new MemoryStream();
        using (var package = Package.Open(buffer, FileMode.Create, FileAccess.ReadWrite))
        {
            var main = package.CreatePart(new Uri("/word/document.xml", UriKind.Relative), "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
            using (var writer = new StreamWriter(main.GetStream(FileMode.Create, FileAccess.Write)))
            {
                writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                    + "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\" w:conformance=\"strict\"><w:body>"
                    + $"<w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
                    + "</w:body></w:document>");
            }
            package.CreateRelationship(main.Uri, TargetMode.Internal, "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument");
            // A link the SDK loads no part for, though no part is there: a relative link written as internal.
            main.CreateRelationship(new Uri("glossary.docx", UriKind.Relative), TargetMode.Internal, "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink");
        }
        return buffer.ToArray();
    }

    private static byte[] Changed(byte[] document, Action<Package> change)
    {
        using var buffer = new MemoryStream();
        buffer.Write(document);
        using (var package = Package.Open(buffer, FileMode.Open, FileAccess.ReadWrite))
        {
            change(package);
        }
        return buffer.ToArray();
    }
}
