using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace MailGuard.Scan.Extract;

/// <summary>
/// PowerPoint text read forward-only with the SDK's <see cref="OpenXmlReader"/>: each slide's DrawingML paragraphs a
/// line, its notes and comments, as the DOM reader gave them.
/// </summary>
internal static partial class OfficeReader
{
    private static void ReadPresentation(ExtractionSession session, PresentationDocument presentation, string location, PartReaders readers)
    {
        var part = presentation.PresentationPart ?? throw new UnreadablePartException("corrupt .pptx (no presentation part)");
        var number = 0;
        foreach (var id in SlideIds(readers, part))
        {
            session.Token.ThrowIfCancellationRequested();
            number++;
            if (readers.PartById(part, id, $"{location}/slide[{number}]", "slide") is not SlidePart slide)
            {
                continue;
            }
            session.Add($"{location}/slide[{number}]", SegmentRole.Document, DrawingText<P.Slide>(readers, slide));
            session.Add($"{location}/slide[{number}]/notes", SegmentRole.Document, DrawingText<P.NotesSlide>(readers, slide.NotesSlidePart));
            if (SlideComments(readers, slide.SlideCommentsPart) is { } comments)
            {
                session.Add($"{location}/slide[{number}]/comments", SegmentRole.Document, comments);
            }
        }
    }

    /// <summary>The relationship id of each slide in the presentation's list, in its order.</summary>
    private static List<string?> SlideIds(PartReaders readers, PresentationPart part)
    {
        var ids = new List<string?>();
        using var reader = readers.OpenSdk<P.Presentation>(part);
        if (reader is null || !FirstChild<P.SlideIdList>(reader))
        {
            return ids;
        }
        if (reader.ReadFirstChild())
        {
            do
            {
                if (reader.ElementType == typeof(P.SlideId))
                {
                    ids.Add(reader.Attributes.FirstOrDefault(a => a.LocalName == "id" && a.NamespaceUri == RelationshipNamespace).Value);
                }
            }
            while (reader.ReadNextSibling());
        }
        ReadToEnd(reader);
        return ids;
    }

    private static string? SlideComments(PartReaders readers, SlideCommentsPart? part)
    {
        if (part is null)
        {
            return null;
        }
        using var reader = readers.OpenSdk<P.CommentList>(part);
        return reader is null ? null : string.Join('\n', ChildrenText<P.Comment>(reader));
    }

    /// <summary>Every a:p below the part's root a line: the text of all a:t below it, nested paragraphs included.</summary>
    private static string DrawingText<TRoot>(PartReaders readers, OpenXmlPart? part)
        where TRoot : OpenXmlPartRootElement, new()
    {
        using var reader = readers.Open<TRoot>(part);
        if (reader is null)
        {
            return string.Empty;
        }
        var paragraphs = new List<StringBuilder>();
        var open = new List<StringBuilder>();
        while (reader.Read())
        {
            var type = reader.ElementType;
            if (type == typeof(A.Paragraph))
            {
                if (reader.IsStartElement)
                {
                    var paragraph = new StringBuilder();
                    paragraphs.Add(paragraph);
                    open.Add(paragraph);
                }
                else
                {
                    open.RemoveAt(open.Count - 1);
                }
            }
            else if (type == typeof(A.Text) && reader.IsStartElement)
            {
                var text = reader.GetText();
                foreach (var paragraph in open)
                {
                    paragraph.Append(text);
                }
            }
        }
        return string.Join('\n', paragraphs);
    }
}
