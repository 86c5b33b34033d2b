using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace MailGuard.Scan.Extract;

/// <summary>A PDF's text layer through PdfPig, one segment a page (<c>{location}/page[n]</c>).</summary>
internal static partial class PdfReader
{
    /// <summary>Reads <paramref name="content"/>; <paramref name="hasHeader"/> says whether its first kilobyte has "%PDF-".</summary>
    public static void Read(ExtractionSession session, Stream content, string location, bool hasHeader)
    {
        if (!hasHeader)
        {
            throw new UnreadablePartException("corrupt PDF (no PDF header)");
        }
        PdfDocument document;
        try
        {
            // PdfPig reads a damaged file a byte at a time while it searches; pages keep that off the disk, and the
            // stream's reads are where the part's time limit can stop it.
            document = PdfDocument.Open(new PagedReadStream(content, session.Token), new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new UnreadablePartException("encrypted PDF (password protected)");
        }
        using (document)
        {
            if (document.IsEncrypted && document.NumberOfPages == 0)
            {
                throw new UnreadablePartException("encrypted PDF (password protected)");
            }
            document.AddPageFactory<PageText, PageTextFactory>();
            var text = false;
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                session.Token.ThrowIfCancellationRequested();
                var pageText = document.GetPage<PageText>(number).Text;
                text |= !string.IsNullOrWhiteSpace(pageText);
                session.Add($"{location}/page[{number}]", SegmentRole.Document, pageText);
            }
            if (!text && document.NumberOfPages > 0)
            {
                throw new UnreadablePartException("PDF has no text layer (scanned image?); its content was not read");
            }
        }
    }
}
