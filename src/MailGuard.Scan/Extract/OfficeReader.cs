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
        CheckPackage(session, content);
        var settings = new OpenSettings { MaxCharactersInPart = session.Options.MaxTextCharsPerPart * 4L };
        switch (extension)
        {
            case ".docx" or ".docm" or ".dotx":
                Read(session, content, location, settings, WordprocessingDocument.Open, WordprocessingDocument.Open, ReadWord);
                break;
            case ".xlsx" or ".xlsm" or ".xltx":
                Read(session, content, location, settings, SpreadsheetDocument.Open, SpreadsheetDocument.Open, ReadWorkbook);
                break;
            default:
                Read(session, content, location, settings, PresentationDocument.Open, PresentationDocument.Open, ReadPresentation);
                break;
        }
    }

    // Given a read-only stream, the SDK copies the whole package to a temporary file in case a relationship has a
    // malformed URI it must rewrite; creating and deleting that file cost more than reading the document. Opened
    // from a package of ours it makes no copy, so only a package whose relationships System.IO.Packaging cannot
    // parse (a malformed or empty external target) goes the SDK's way.
    private static void Read<TDocument>(
        ExtractionSession session,
        Stream content,
        string location,
        OpenSettings settings,
        Func<Package, OpenSettings, TDocument> fromPackage,
        Func<Stream, bool, OpenSettings, TDocument> fromStream,
        Action<ExtractionSession, TDocument, string, PartReaders> read)
        where TDocument : OpenXmlPackage
    {
        var package = Package.Open(content, FileMode.Open, FileAccess.Read);
        try
        {
            PackageGraph graph;
            try
            {
                graph = PackageGraph.Walk(package);
            }
            catch (Exception e) when (e is UriFormatException or XmlException)
            {
                package.Close();
                content.Position = 0;
                using var rewritten = fromStream(content, false, settings);
                read(session, rewritten, location, new PartReaders(session, location, rewritten.StrictRelationshipFound, settings.MaxCharactersInPart, null));
                return;
            }
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
            using var document = fromPackage(package, settings);
            read(session, document, location, new PartReaders(session, location, graph.Strict, settings.MaxCharactersInPart, graph));
        }
        finally
        {
            package.Close();
        }
    }

    /// <summary>Checks the zip against the limits before anything inflates it.</summary>
    private static void CheckPackage(ExtractionSession session, Stream content)
    {
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
            }
            session.Expand(total);
        }
        content.Position = 0;
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
