using System.IO.Compression;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;

namespace MailGuard.Scan.Extract;

/// <summary>
/// docx, xlsx and pptx through the OpenXML SDK: body text, tables, headers and footers, comments, notes,
/// shared strings and sheet names. The package's zip is checked against the limits before the SDK inflates it.
/// </summary>
internal static partial class OfficeReader
{
    public static void Read(ExtractionSession session, Stream content, string extension, string location)
    {
        var malformedUris = CheckPackage(session, content);
        var settings = new OpenSettings { MaxCharactersInPart = session.Options.MaxTextCharsPerPart * 4L };
        switch (extension)
        {
            case ".docx" or ".docm" or ".dotx":
                var (document, wordPackage) = Open(content, settings, malformedUris, WordprocessingDocument.Open, WordprocessingDocument.Open);
                using (wordPackage)
                using (document)
                {
                    ReadWord(session, document, location);
                }
                break;
            case ".xlsx" or ".xlsm" or ".xltx":
                var (workbook, workbookPackage) = Open(content, settings, malformedUris, SpreadsheetDocument.Open, SpreadsheetDocument.Open);
                using (workbookPackage)
                using (workbook)
                {
                    ReadWorkbook(session, workbook, location);
                }
                break;
            default:
                var (presentation, presentationPackage) = Open(content, settings, malformedUris, PresentationDocument.Open, PresentationDocument.Open);
                using (presentationPackage)
                using (presentation)
                {
                    ReadPresentation(session, presentation, location);
                }
                break;
        }
    }

    // Given a read-only stream, the SDK copies the whole package to a temporary file in case a relationship has a
    // malformed URI it must rewrite; creating and deleting that file cost more than reading the document. Opened
    // from a package of ours it makes no copy, so only a package with such a URI goes the SDK's way.
    private static (TDocument Document, Package? Package) Open<TDocument>(
        Stream content,
        OpenSettings settings,
        bool malformedUris,
        Func<Package, OpenSettings, TDocument> fromPackage,
        Func<Stream, bool, OpenSettings, TDocument> fromStream)
    {
        if (malformedUris)
        {
            return (fromStream(content, false, settings), null);
        }
        var package = Package.Open(content, FileMode.Open, FileAccess.Read);
        try
        {
            return (fromPackage(package, settings), package);
        }
        catch
        {
            package.Close();
            throw;
        }
    }

    /// <summary>Checks the zip against the limits; true when a relationship has an external target that is no URI.</summary>
    private static bool CheckPackage(ExtractionSession session, Stream content)
    {
        var malformedUris = false;
        using (var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true))
        {
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.IsEncrypted)
                {
                    throw new UnreadablePartException("encrypted Office document (password protected)");
                }
                if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > session.Options.MaxCompressionRatio)
                {
                    throw new ExtractionLimitException($"compression ratio of {entry.FullName} exceeds the limit ({session.Options.MaxCompressionRatio}:1)");
                }
                total += entry.Length;
                if (!malformedUris && entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                {
                    malformedUris = HasMalformedExternalTarget(entry);
                }
            }
            session.Expand(total);
        }
        content.Position = 0;
        return malformedUris;
    }

    // The SDK's own test: an external target that is empty or does not parse as a URI is rewritten before opening.
    private static bool HasMalformedExternalTarget(ZipArchiveEntry relationships)
    {
        using var stream = relationships.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                    && string.Equals(reader.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase)
                    && reader.GetAttribute("Target") is var target
                    && (string.IsNullOrEmpty(target) || !Uri.TryCreate(target, UriKind.RelativeOrAbsolute, out _)))
                {
                    return true;
                }
            }
        }
        catch (XmlException)
        {
            // Broken XML is the SDK's to report, in its own way.
            return true;
        }
        return false;
    }

    private static void ReadWorkbook(ExtractionSession session, SpreadsheetDocument workbook, string location)
    {
        var part = workbook.WorkbookPart ?? throw new UnreadablePartException("corrupt .xlsx (no workbook part)");
        var shared = part.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
        var sheets = part.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
        session.Add(location, SegmentRole.Document, string.Join('\n', sheets.Select(s => s.Name?.Value ?? string.Empty)));
        foreach (var sheet in sheets)
        {
            session.Token.ThrowIfCancellationRequested();
            if (sheet.Id?.Value is not { } id || part.GetPartById(id) is not WorksheetPart worksheet)
            {
                continue;
            }
            var sheetLocation = $"{location}/{sheet.Name?.Value}";
            session.Add(sheetLocation, SegmentRole.Table, SheetText(session, worksheet, shared));
            if (worksheet.WorksheetCommentsPart?.Comments?.CommentList is { } comments)
            {
                session.Add($"{sheetLocation}/comments", SegmentRole.Document,
                    string.Join('\n', comments.Elements<Comment>().Select(c => c.InnerText)));
            }
        }
    }

    private static string SheetText(ExtractionSession session, WorksheetPart worksheet, string[] shared)
    {
        var text = new StringBuilder();
        // A SAX reader keeps a large sheet out of the DOM: one row in memory at a time.
        using var reader = OpenXmlReader.Create(worksheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }
            session.Token.ThrowIfCancellationRequested();
            var row = (Row)reader.LoadCurrentElement()!;
            var column = 0;
            var first = true;
            foreach (var cell in row.Elements<Cell>())
            {
                var index = ColumnIndex(cell.CellReference?.Value) ?? column;
                if (!first)
                {
                    text.Append('\t');
                }
                // Empty cells are absent from the XML; keep later cells in their column.
                for (; column < index; column++)
                {
                    text.Append('\t');
                }
                text.Append(CellText(cell, shared).Replace('\n', ' ').Replace('\t', ' '));
                column = Math.Max(column, index) + 1;
                first = false;
            }
            text.Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }

    private static string CellText(Cell cell, string[] shared)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(cell.CellValue?.Text, out var i) && i >= 0 && i < shared.Length ? shared[i] : string.Empty;
        }
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? string.Empty;
        }
        return cell.CellValue?.Text ?? string.Empty;
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
            if (index > 16384)
            {
                return null;
            }
        }
        return index == 0 ? null : index - 1;
    }

    private static void ReadPresentation(ExtractionSession session, PresentationDocument presentation, string location)
    {
        var part = presentation.PresentationPart ?? throw new UnreadablePartException("corrupt .pptx (no presentation part)");
        var slides = part.Presentation?.SlideIdList?.Elements<DocumentFormat.OpenXml.Presentation.SlideId>() ?? [];
        var number = 0;
        foreach (var slideId in slides)
        {
            session.Token.ThrowIfCancellationRequested();
            number++;
            if (slideId.RelationshipId?.Value is not { } id || part.GetPartById(id) is not SlidePart slide)
            {
                continue;
            }
            session.Add($"{location}/slide[{number}]", SegmentRole.Document, DrawingText(slide.Slide));
            session.Add($"{location}/slide[{number}]/notes", SegmentRole.Document, DrawingText(slide.NotesSlidePart?.NotesSlide));
            if (slide.SlideCommentsPart?.CommentList is { } comments)
            {
                session.Add($"{location}/slide[{number}]/comments", SegmentRole.Document,
                    string.Join('\n', comments.Elements<DocumentFormat.OpenXml.Presentation.Comment>().Select(c => c.InnerText)));
            }
        }
    }

    private static string DrawingText(OpenXmlElement? root) => root is null
        ? string.Empty
        : string.Join('\n', root.Descendants<A.Paragraph>().Select(p => string.Concat(p.Descendants<A.Text>().Select(t => t.Text))));
}
