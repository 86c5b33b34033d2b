using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace MailGuard.Scan.Extract;

/// <summary>
/// Word text read forward-only with the SDK's <see cref="OpenXmlReader"/>: the reader types each element exactly as
/// the DOM would (same factory, same mc:AlternateContent rules, same whitespace handling of w:t) but builds no tree.
/// The text is the one the DOM reader gave: a paragraph is all text, tab and break elements below it, nested
/// paragraphs (text boxes) included; below anything but a body-level paragraph every paragraph is also listed on
/// its own line, in document order; a body-level table lists every row below it, each direct cell's paragraphs
/// on one line.
/// </summary>
internal static partial class OfficeReader
{
    private static void ReadWord(ExtractionSession session, WordprocessingDocument document, string location, PartReaders readers)
    {
        var main = document.MainDocumentPart ?? throw new UnreadablePartException("corrupt .docx (no document part)");
        new WordText(session, readers).ReadBody(main, location);
        var number = 0;
        foreach (var header in main.HeaderParts)
        {
            session.Add($"{location}/header[{++number}]", SegmentRole.Document, WordText.Paragraphs<W.Header>(session, readers, header));
        }
        number = 0;
        foreach (var footer in main.FooterParts)
        {
            session.Add($"{location}/footer[{++number}]", SegmentRole.Document, WordText.Paragraphs<W.Footer>(session, readers, footer));
        }
        session.Add($"{location}/comments", SegmentRole.Document, WordText.Paragraphs<W.Comments>(session, readers, main.WordprocessingCommentsPart));
        session.Add($"{location}/footnotes", SegmentRole.Document, WordText.Paragraphs<W.Footnotes>(session, readers, main.FootnotesPart));
        session.Add($"{location}/endnotes", SegmentRole.Document, WordText.Paragraphs<W.Endnotes>(session, readers, main.EndnotesPart));
    }

    private sealed class WordText(ExtractionSession session, PartReaders readers)
    {
        // Paragraphs being read, outermost first: text below a paragraph belongs to every paragraph around it.
        private readonly List<StringBuilder> _open = [];
        // Where new paragraphs are listed, outermost first: the part or body element, and each open table cell.
        private readonly List<ParagraphList> _lists = [];
        // Rows of the body-level table being read, in document order, and those still open.
        private readonly List<List<string>> _rows = [];
        private readonly Stack<(List<string> Cells, int Depth)> _openRows = new();
        private bool _inTable;

        /// <summary>Every paragraph of a header, footer, comments or notes part, one a line.</summary>
        public static string Paragraphs<TRoot>(ExtractionSession session, PartReaders readers, OpenXmlPart? part)
            where TRoot : OpenXmlPartRootElement, new()
        {
            using var reader = readers.Open<TRoot>(part);
            if (reader is null)
            {
                return string.Empty;
            }
            var text = new WordText(session, readers);
            var list = new ParagraphList(listsNested: true, depth: 0);
            text._lists.Add(list);
            text.ReadSubtree(reader);
            return list.Append(new StringBuilder()).ToString();
        }

        public void ReadBody(MainDocumentPart main, string location)
        {
            using var reader = readers.Open<W.Document>(main);
            if (reader is null)
            {
                return;
            }
            // Only the first w:body is the document's body, as W.Document.Body reads it.
            if (!reader.ReadFirstChild())
            {
                return;
            }
            while (reader.ElementType != typeof(W.Body) || !reader.IsStartElement)
            {
                if (!reader.ReadNextSibling())
                {
                    return;
                }
            }
            var text = new StringBuilder();
            var tables = 0;
            if (!reader.ReadFirstChild())
            {
                return;
            }
            do
            {
                session.Token.ThrowIfCancellationRequested();
                if (reader.ElementType == typeof(W.Table))
                {
                    // Text before the table goes first, so segments keep the document's order.
                    session.Add(location, SegmentRole.Document, TrimmedEnd(text));
                    text.Clear();
                    session.Add($"{location}/table[{++tables}]", SegmentRole.Table, ReadTable(reader));
                }
                else
                {
                    // A body-level paragraph is one line, text boxes inside it included; anything else lists its paragraphs.
                    var list = new ParagraphList(listsNested: reader.ElementType != typeof(W.Paragraph), depth: reader.Depth);
                    _lists.Add(list);
                    ReadSubtree(reader);
                    _lists.Clear();
                    list.Append(text);
                }
            }
            while (reader.ReadNextSibling());
            ReadToEnd(reader);
            session.Add(location, SegmentRole.Document, TrimmedEnd(text));
        }

        private string ReadTable(OpenXmlReader reader)
        {
            _inTable = true;
            ReadSubtree(reader);
            _inTable = false;
            var text = new StringBuilder();
            foreach (var row in _rows)
            {
                text.AppendJoin('\t', row).Append('\n');
            }
            _rows.Clear();
            return TrimmedEnd(text);
        }

        /// <summary>
        /// Reads the element the reader is on and everything below it, and leaves the reader on its end (on its
        /// start when it is formatting, which the caller's <see cref="OpenXmlReader.ReadNextSibling"/> skips).
        /// </summary>
        private void ReadSubtree(OpenXmlReader reader)
        {
            var depth = reader.Depth;
            var more = true;
            while (more)
            {
                var type = reader.ElementType;
                if (reader.IsStartElement)
                {
                    if (IsFormatting(type))
                    {
                        if (reader.Depth == depth)
                        {
                            return;
                        }
                        // Properties hold no text; the XmlReader skips them without the SDK building their elements.
                        reader.Skip();
                        more = !reader.EOF;
                        continue;
                    }
                    Start(reader, type);
                }
                else
                {
                    End(reader, type);
                    if (reader.Depth == depth)
                    {
                        return;
                    }
                }
                more = reader.Read();
            }
        }

        private static bool IsFormatting(Type type) =>
            type == typeof(W.RunProperties) || type == typeof(W.ParagraphProperties) || type == typeof(W.TableCellProperties)
            || type == typeof(W.TableRowProperties) || type == typeof(W.TableProperties) || type == typeof(W.TableGrid)
            || type == typeof(W.SectionProperties) || type == typeof(W.SdtProperties);

        private void Start(OpenXmlReader reader, Type type)
        {
            if (type == typeof(W.Text))
            {
                Append(reader.GetText());
            }
            else if (type == typeof(W.TabChar))
            {
                Append('\t');
            }
            else if (type == typeof(W.Break) || type == typeof(W.CarriageReturn))
            {
                Append('\n');
            }
            else if (type == typeof(W.Paragraph))
            {
                session.Token.ThrowIfCancellationRequested();
                var paragraph = new StringBuilder();
                _open.Add(paragraph);
                foreach (var list in _lists)
                {
                    list.Offer(paragraph);
                }
            }
            else if (!_inTable)
            {
                return;
            }
            else if (type == typeof(W.TableRow))
            {
                var cells = new List<string>();
                _rows.Add(cells);
                _openRows.Push((cells, reader.Depth));
            }
            else if (type == typeof(W.TableCell) && _openRows.TryPeek(out var row) && row.Depth == reader.Depth - 1)
            {
                // Only a cell directly in its row is one of the row's cells; its paragraphs are listed for it.
                _lists.Add(new ParagraphList(listsNested: true, depth: reader.Depth));
            }
        }

        private void End(OpenXmlReader reader, Type type)
        {
            if (type == typeof(W.Paragraph))
            {
                _open.RemoveAt(_open.Count - 1);
            }
            else if (!_inTable)
            {
                return;
            }
            else if (type == typeof(W.TableRow))
            {
                _openRows.Pop();
            }
            else if (type == typeof(W.TableCell) && _lists.Count > 0 && _lists[^1].Depth == reader.Depth && _openRows.Count > 0)
            {
                var cell = _lists[^1];
                _lists.RemoveAt(_lists.Count - 1);
                var text = TrimmedEnd(cell.Append(new StringBuilder()));
                _openRows.Peek().Cells.Add(text.Replace('\n', ' '));
            }
        }

        private void Append(string text)
        {
            foreach (var paragraph in _open)
            {
                paragraph.Append(text);
            }
        }

        private void Append(char c)
        {
            foreach (var paragraph in _open)
            {
                paragraph.Append(c);
            }
        }
    }

    /// <summary>Paragraphs in document order; a list that does not list nested ones takes only its first.</summary>
    private sealed class ParagraphList(bool listsNested, int depth)
    {
        private readonly List<StringBuilder> _paragraphs = [];

        public int Depth { get; } = depth;

        public void Offer(StringBuilder paragraph)
        {
            if (listsNested || _paragraphs.Count == 0)
            {
                _paragraphs.Add(paragraph);
            }
        }

        /// <summary>Each paragraph and a line break after it.</summary>
        public StringBuilder Append(StringBuilder text)
        {
            foreach (var paragraph in _paragraphs)
            {
                text.Append(paragraph).Append('\n');
            }
            return text;
        }
    }
}
