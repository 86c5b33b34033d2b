using System.IO.Compression;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

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
                var (document, wordPackage, wordGraph) = Open(session, content, location, settings, malformedUris, WordprocessingDocument.Open, WordprocessingDocument.Open);
                using (wordPackage)
                using (document)
                {
                    ReadWord(session, document, location, new PartReaders(session, location, document.StrictRelationshipFound, settings.MaxCharactersInPart, wordGraph));
                }
                break;
            case ".xlsx" or ".xlsm" or ".xltx":
                var (workbook, workbookPackage, workbookGraph) = Open(session, content, location, settings, malformedUris, SpreadsheetDocument.Open, SpreadsheetDocument.Open);
                using (workbookPackage)
                using (workbook)
                {
                    ReadWorkbook(session, workbook, location, new PartReaders(session, location, workbook.StrictRelationshipFound, settings.MaxCharactersInPart, workbookGraph));
                }
                break;
            default:
                var (presentation, presentationPackage, presentationGraph) = Open(session, content, location, settings, malformedUris, PresentationDocument.Open, PresentationDocument.Open);
                using (presentationPackage)
                using (presentation)
                {
                    ReadPresentation(session, presentation, location, new PartReaders(session, location, presentation.StrictRelationshipFound, settings.MaxCharactersInPart, presentationGraph));
                }
                break;
        }
    }

    // Given a read-only stream, the SDK copies the whole package to a temporary file in case a relationship has a
    // malformed URI it must rewrite; creating and deleting that file cost more than reading the document. Opened
    // from a package of ours it makes no copy, so only a package with such a URI goes the SDK's way.
    private static (TDocument Document, Package? Package, PackageGraph? Graph) Open<TDocument>(
        ExtractionSession session,
        Stream content,
        string location,
        OpenSettings settings,
        bool malformedUris,
        Func<Package, OpenSettings, TDocument> fromPackage,
        Func<Stream, bool, OpenSettings, TDocument> fromStream)
    {
        if (malformedUris)
        {
            return (fromStream(content, false, settings), null, null);
        }
        var package = Package.Open(content, FileMode.Open, FileAccess.Read);
        try
        {
            var graph = PackageGraph.Walk(package);
            if (graph.Dangling.Count > 0)
            {
                // Fail closed on what is missing, read the rest: a reviewer sees the document's text and its damage.
                foreach (var (source, _, target) in graph.Dangling)
                {
                    session.Problem(location, $"part {target} (referenced by {source}) is missing from the package; the rest was read");
                }
                var repaired = graph.WithoutDangling(content);
                package.Close();
                package = repaired;
            }
            return (fromPackage(package, settings), package, graph);
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

    /// <summary>
    /// A reader on the part's root element, or null when the part holds no element (the DOM gives no root then);
    /// a root of another kind is an error, as it is to the DOM.
    /// </summary>
    private static OpenXmlReader? OpenRoot<TRoot>(OpenXmlPart part)
        where TRoot : OpenXmlPartRootElement
    {
        using (var stream = part.GetStream(FileMode.Open, FileAccess.Read))
        {
            if (stream.Length < 4)
            {
                return null;
            }
        }
        var reader = OpenXmlReader.Create(part);
        try
        {
            if (!reader.Read())
            {
                return Dispose(reader);
            }
            if (reader.ElementType != typeof(TRoot))
            {
                throw new InvalidDataException($"the root element of {part.Uri} is not {typeof(TRoot).Name}");
            }
            return reader;
        }
        catch (InvalidDataException) when (!HasElement(part))
        {
            return Dispose(reader);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private static OpenXmlReader? Dispose(OpenXmlReader reader)
    {
        reader.Dispose();
        return null;
    }

    private static bool HasElement(OpenXmlPart part)
    {
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
        return xml.MoveToContent() == System.Xml.XmlNodeType.Element;
    }

    private static string TrimmedEnd(StringBuilder text)
    {
        var length = text.Length;
        while (length > 0 && text[length - 1] == '\n')
        {
            length--;
        }
        return text.ToString(0, length);
    }


    /// <summary>
    /// What the DOM's InnerText of the element the reader is on gives: the text of every text leaf below it, and of
    /// unknown elements as the SDK loads them. Leaves the reader on the element's end.
    /// </summary>
    private static string InnerText(OpenXmlReader reader)
    {
        if (reader.ElementType == typeof(OpenXmlUnknownElement))
        {
            return reader.LoadCurrentElement()?.InnerText ?? string.Empty;
        }
        var depth = reader.Depth;
        string? first = null;
        StringBuilder? text = null;
        while (true)
        {
            if (reader.IsStartElement)
            {
                var part = reader.ElementType == typeof(OpenXmlUnknownElement) && reader.Depth > depth
                    ? reader.LoadCurrentElement()?.InnerText
                    : reader.GetText();
                if (!string.IsNullOrEmpty(part))
                {
                    if (first is null)
                    {
                        first = part;
                    }
                    else
                    {
                        (text ??= new StringBuilder(first)).Append(part);
                    }
                }
            }
            if (reader.Depth == depth && !reader.IsStartElement || !reader.Read())
            {
                return text?.ToString() ?? first ?? string.Empty;
            }
        }
    }

    /// <summary>
    /// Reads the rest of the part unbuilt: the DOM parsed all of it, so XML that breaks after the text still makes
    /// the document unreadable, as it did.
    /// </summary>
    private static void ReadToEnd(OpenXmlReader reader)
    {
        while (!reader.EOF)
        {
            if (reader.IsStartElement && reader.Depth > 0)
            {
                reader.Skip();
            }
            else if (!reader.Read())
            {
                return;
            }
        }
    }
}
