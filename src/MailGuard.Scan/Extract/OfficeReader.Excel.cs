using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Excel text read forward-only with the SDK's <see cref="OpenXmlReader"/>, one cell at a time and no element tree:
/// sheet names, then each sheet as a table (a row a line, cells in their columns) and its comments. The text is the
/// one the DOM reader gave: shared and inline strings as their InnerText, any other cell as its stored value.
/// </summary>
internal static partial class OfficeReader
{
    private const string RelationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static void ReadWorkbook(ExtractionSession session, SpreadsheetDocument workbook, string location, PartReaders readers)
    {
        var part = workbook.WorkbookPart ?? throw new UnreadablePartException("corrupt .xlsx (no workbook part)");
        var shared = PartReaders.Read(sdk => SharedStrings(readers, part.SharedStringTablePart, sdk));
        var sheets = PartReaders.Read(sdk => Sheets(readers, part, sdk));
        session.Add(location, SegmentRole.Document, string.Join('\n', sheets.Select(s => s.Name ?? string.Empty)));
        foreach (var (name, id) in sheets)
        {
            session.Token.ThrowIfCancellationRequested();
            var sheetLocation = $"{location}/{name}";
            if (readers.PartById(part, id, sheetLocation, "sheet") is not WorksheetPart worksheet)
            {
                continue;
            }
            session.Add(sheetLocation, SegmentRole.Table, PartReaders.Read(sdk => SheetText(session, readers, worksheet, shared, sdk)));
            if (PartReaders.Read(sdk => SheetComments(readers, worksheet.WorksheetCommentsPart, sdk)) is { } comments)
            {
                session.Add($"{sheetLocation}/comments", SegmentRole.Document, comments);
            }
        }
    }

    private static string[] SharedStrings(PartReaders readers, SharedStringTablePart? part, bool sdk)
    {
        if (part is null)
        {
            return [];
        }
        using var reader = readers.Open<SharedStringTable>(part, sdk);
        return reader is null ? [] : [.. ChildrenText<SharedStringItem>(reader)];
    }

    /// <summary>The InnerText of each child of type <typeparamref name="T"/> of the element the reader is on.</summary>
    private static List<string> ChildrenText<T>(OpenXmlReader reader)
    {
        var texts = new List<string>();
        if (!reader.ReadFirstChild())
        {
            return texts;
        }
        do
        {
            if (reader.ElementType == typeof(T))
            {
                texts.Add(InnerText(reader));
            }
        }
        while (reader.ReadNextSibling());
        return texts;
    }

    /// <summary>Name and relationship id of each sheet the workbook lists, in its order.</summary>
    private static List<(string? Name, string? Id)> Sheets(PartReaders readers, WorkbookPart part, bool sdk)
    {
        var sheets = new List<(string?, string?)>();
        using var reader = readers.Open<Workbook>(part, sdk);
        // Workbook.Sheets is the first sheets element; the rest of the workbook part is settings.
        if (reader is null || !FirstChild<Sheets>(reader) || !reader.ReadFirstChild())
        {
            return sheets;
        }
        do
        {
            if (reader.ElementType == typeof(Sheet))
            {
                string? name = null, id = null;
                var attributes = reader.Attributes;
                for (var i = 0; i < attributes.Count; i++)
                {
                    var attribute = attributes[i];
                    if (attribute.LocalName == "name" && string.IsNullOrEmpty(attribute.NamespaceUri))
                    {
                        name = attribute.Value;
                    }
                    else if (attribute.LocalName == "id" && attribute.NamespaceUri == RelationshipNamespace)
                    {
                        id = attribute.Value;
                    }
                }
                sheets.Add((name, id));
            }
        }
        while (reader.ReadNextSibling());
        ReadToEnd(reader);
        return sheets;
    }

    /// <summary>Moves to the first child of type <typeparamref name="T"/> of the element the reader is on.</summary>
    private static bool FirstChild<T>(OpenXmlReader reader)
    {
        if (!reader.ReadFirstChild())
        {
            return false;
        }
        while (reader.ElementType != typeof(T) || !reader.IsStartElement)
        {
            if (!reader.ReadNextSibling())
            {
                return false;
            }
        }
        return true;
    }

    private static string? SheetComments(PartReaders readers, WorksheetCommentsPart? part, bool sdk)
    {
        if (part is null)
        {
            return null;
        }
        using var reader = readers.Open<Comments>(part, sdk);
        if (reader is null || !FirstChild<CommentList>(reader))
        {
            return null;
        }
        var comments = string.Join('\n', ChildrenText<Comment>(reader));
        ReadToEnd(reader);
        return comments;
    }

    private static string SheetText(ExtractionSession session, PartReaders readers, WorksheetPart worksheet, string[] shared, bool sdk)
    {
        var text = new StringBuilder();
        // A sheet is read whatever its root, as the SDK's reader reads it; the fast reader takes the usual one only.
        using var reader = (sdk || !readers.Fast ? null : ReaderOnWorksheet(readers, worksheet)) ?? OpenXmlReader.Create(worksheet);
        if (reader is SchemaXmlReader)
        {
            // The fast reader is on the root already; the SDK's reads it first.
            ReadRows(session, reader, text, shared);
            return TrimmedEnd(text);
        }
        if (reader.Read())
        {
            readers.CheckRoot(worksheet, reader);
            ReadRows(session, reader, text, shared);
        }
        return TrimmedEnd(text);
    }

    private static OpenXmlReader? ReaderOnWorksheet(PartReaders readers, WorksheetPart worksheet)
    {
        try
        {
            return readers.Open<Worksheet>(worksheet);
        }
        catch (InvalidDataException)
        {
            // Another root: the SDK's reader reads it as it always did.
            return null;
        }
    }

    /// <summary>Every row from the element the reader is on to the part's end, a line each.</summary>
    private static void ReadRows(ExtractionSession session, OpenXmlReader reader, StringBuilder text, string[] shared)
    {
        do
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }
            session.Token.ThrowIfCancellationRequested();
            ReadRow(reader, text, shared);
            text.Append('\n');
        }
        while (reader.Read());
    }

    /// <summary>One row's cells, tab-separated; leaves the reader on the row's end.</summary>
    private static void ReadRow(OpenXmlReader reader, StringBuilder text, string[] shared)
    {
        if (!reader.ReadFirstChild())
        {
            return;
        }
        var column = 0;
        var first = true;
        do
        {
            if (reader.ElementType != typeof(Cell))
            {
                continue;
            }
            var (reference, type) = CellAttributes(reader);
            var index = ColumnIndex(reference) ?? column;
            if (!first)
            {
                text.Append('\t');
            }
            // Empty cells are absent from the XML; keep later cells in their column.
            for (; column < index; column++)
            {
                text.Append('\t');
            }
            var start = text.Length;
            text.Append(CellText(reader, type, shared));
            text.Replace('\n', ' ', start, text.Length - start).Replace('\t', ' ', start, text.Length - start);
            column = Math.Max(column, index) + 1;
            first = false;
        }
        while (reader.ReadNextSibling());
    }

    private static (string? Reference, CellValues? Type) CellAttributes(OpenXmlReader reader)
    {
        string? reference = null;
        CellValues? type = null;
        // Indexed: a foreach over the read-only collection boxes an enumerator per cell.
        var attributes = reader.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (!string.IsNullOrEmpty(attribute.NamespaceUri))
            {
                continue;
            }
            if (attribute.LocalName == "r")
            {
                reference = attribute.Value;
            }
            else if (attribute.LocalName == "t" && attribute.Value is { } value)
            {
                // The SDK's own parse: a value it does not know throws as Cell.DataType.Value did.
                type = value switch
                {
                    "s" => CellValues.SharedString,
                    "inlineStr" => CellValues.InlineString,
                    _ => new EnumValue<CellValues> { InnerText = value }.Value,
                };
            }
        }
        return (reference, type);
    }

    /// <summary>The text of the cell the reader is on: its first value or inline string; leaves the reader on the cell's end.</summary>
    private static string CellText(OpenXmlReader reader, CellValues? type, string[] shared)
    {
        string? value = null;
        string? inline = null;
        if (reader.ReadFirstChild())
        {
            do
            {
                if (value is null && reader.ElementType == typeof(CellValue))
                {
                    value = reader.GetText();
                }
                else if (inline is null && reader.ElementType == typeof(InlineString))
                {
                    inline = InnerText(reader);
                }
            }
            while (reader.ReadNextSibling());
        }
        if (type == CellValues.SharedString)
        {
            return int.TryParse(value, out var i) && i >= 0 && i < shared.Length ? shared[i] : string.Empty;
        }
        if (type == CellValues.InlineString)
        {
            return inline ?? string.Empty;
        }
        return value ?? string.Empty;
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
}
