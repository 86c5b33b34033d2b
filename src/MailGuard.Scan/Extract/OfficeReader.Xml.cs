using System.Collections.ObjectModel;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace MailGuard.Scan.Extract;

internal static partial class OfficeReader
{
    /// <summary>
    /// The forward-only reading of <see cref="OpenXmlReader"/> straight over an <see cref="XmlReader"/>, without an
    /// element object per XML element: the SDK's reader builds each element, its attribute list and, for leaves, its
    /// typed attributes, which cost more than the DOM saved. Each element's type is the SDK's own answer for its
    /// parent's type and its name, asked once per pair and kept (schema metadata, never content); the text of a
    /// text leaf follows the SDK's loading rule. Only for packages without strict namespaces, whose XML the DOM
    /// reads unconverted.
    /// </summary>
    private sealed partial class SchemaXmlReader : OpenXmlReader
    {
        // Elements whose attributes are read; all others' are passed over unparsed.
        private static readonly HashSet<Type> WithAttributes =
        [
            typeof(DocumentFormat.OpenXml.Spreadsheet.Cell), typeof(DocumentFormat.OpenXml.Spreadsheet.Sheet), typeof(DocumentFormat.OpenXml.Presentation.SlideId),
        ];

        private readonly List<OpenXmlAttribute> _attributes = [];
        // A view of the list above, made once: the SDK's property hands out a new collection each time.
        private readonly ReadOnlyCollection<OpenXmlAttribute> _readOnlyAttributes;

        private readonly XmlReader _xml;
        private readonly List<Type> _types = [];
        private State _state;
        private string _text = string.Empty;

        private enum State
        {
            Start,
            LeafStart,
            End,
            LeafEnd,
            Eof,
        }

        private SchemaXmlReader(XmlReader xml, Type root)
        {
            _xml = xml;
            _readOnlyAttributes = _attributes.AsReadOnly();
            _types.Add(root);
            Enter(root);
        }

        public override ReadOnlyCollection<OpenXmlAttribute> Attributes =>
            IsStartElement ? _readOnlyAttributes : ReadOnlyCollection<OpenXmlAttribute>.Empty;

        public override IEnumerable<KeyValuePair<string, string>> NamespaceDeclarations => throw new NotSupportedException();

        public override Type ElementType => _types[^1];

        public override bool IsMiscNode => false;

        public override bool IsStartElement => _state is State.Start or State.LeafStart;

        public override bool IsEndElement => _state is State.End or State.LeafEnd;

        public override int Depth => _types.Count - 1;

        public override bool EOF => _state == State.Eof;

        public override string LocalName => throw new NotSupportedException();

        public override string NamespaceUri => throw new NotSupportedException();

        public override string Prefix => throw new NotSupportedException();

        public override bool Read()
        {
            switch (_state)
            {
                case State.Eof:
                    return false;
                case State.LeafStart:
                    _state = State.LeafEnd;
                    return true;
                case State.Start:
                    _xml.Read();
                    break;
                case State.End or State.LeafEnd:
                    if (!Leave())
                    {
                        return false;
                    }
                    if (_state == State.End)
                    {
                        // A leaf was read whole when it was entered: the XML reader already stands after it.
                        _xml.Read();
                    }
                    break;
            }
            Next();
            return _state != State.Eof;
        }

        public override bool ReadFirstChild()
        {
            switch (_state)
            {
                case State.Start:
                    _xml.Read();
                    Next();
                    return _state is State.Start or State.LeafStart;
                case State.LeafStart:
                    _state = State.LeafEnd;
                    return false;
                default:
                    return false;
            }
        }

        public override bool ReadNextSibling()
        {
            if (_state == State.Eof)
            {
                return false;
            }
            Skip();
            return _state is State.Start or State.LeafStart;
        }

        public override void Skip()
        {
            switch (_state)
            {
                case State.Eof:
                    return;
                case State.Start:
                    _xml.Skip();
                    break;
                case State.End:
                    _xml.Read();
                    break;
            }
            if (Leave())
            {
                Next();
            }
        }

        public override OpenXmlElement? LoadCurrentElement() => throw new SchemaFallbackException();

        public override string GetText() => _state == State.LeafStart ? _text : string.Empty;

        public override void Close()
        {
            _state = State.Eof;
            _xml.Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _xml.Dispose();
            }
            base.Dispose(disposing);
        }

        /// <summary>Leaves the current element; false (and at the end) when it was the root.</summary>
        private bool Leave()
        {
            _types.RemoveAt(_types.Count - 1);
            if (_types.Count == 0)
            {
                _state = State.Eof;
                return false;
            }
            return true;
        }

        /// <summary>Moves to the next element start or end from the XML node the reader is on, past text, comments and whitespace.</summary>
        private void Next()
        {
            while (true)
            {
                switch (_xml.NodeType)
                {
                    case XmlNodeType.Element:
                        var type = ChildType(_xml.NamespaceURI, _xml.LocalName);
                        _types.Add(type);
                        Enter(type);
                        return;
                    case XmlNodeType.EndElement:
                        _state = State.End;
                        return;
                    case XmlNodeType.None:
                        _state = State.Eof;
                        return;
                    default:
                        if (!_xml.Read())
                        {
                            _state = State.Eof;
                            return;
                        }
                        break;
                }
            }
        }

        /// <summary>
        /// On an element's start: an empty element or a leaf is read whole, as the SDK loads it, so its start and
        /// end are read without moving; any other element is entered by the next read.
        /// </summary>
        private void Enter(Type type)
        {
            _text = string.Empty;
            _attributes.Clear();
            if (WithAttributes.Contains(type) && _xml.MoveToFirstAttribute())
            {
                do
                {
                    // As OpenXmlPartReader lists them: namespace declarations with a prefix are not attributes.
                    if (_xml.Prefix != "xmlns")
                    {
                        _attributes.Add(new OpenXmlAttribute(_xml.Prefix, _xml.LocalName, _xml.NamespaceURI, _xml.Value));
                    }
                }
                while (_xml.MoveToNextAttribute());
                _xml.MoveToElement();
            }
            if (_xml.IsEmptyElement)
            {
                _state = State.LeafStart;
                _xml.Read();
            }
            else if (IsLeaf(type))
            {
                _state = State.LeafStart;
                _text = typeof(OpenXmlLeafTextElement).IsAssignableFrom(type) ? LeafText() : SkipLeaf();
            }
            else
            {
                _state = State.Start;
            }
        }

        private string SkipLeaf()
        {
            _xml.Skip();
            return string.Empty;
        }

        /// <summary>
        /// A text leaf's text as OpenXmlLeafTextElement loads it: its first text, CDATA or whitespace node; later
        /// nodes and any child elements are not its text. Leaves the reader after the element.
        /// </summary>
        private string LeafText()
        {
            var depth = _xml.Depth;
            var text = string.Empty;
            _xml.Read();
            while (!(_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == depth) && !_xml.EOF)
            {
                if (text.Length == 0 && _xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                {
                    text = _xml.Value;
                    _xml.Read();
                }
                else
                {
                    _xml.Skip();
                }
            }
            _xml.Read();
            return text;
        }
    }
}
