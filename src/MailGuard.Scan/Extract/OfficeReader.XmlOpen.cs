using System.Buffers;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace MailGuard.Scan.Extract;

internal static partial class OfficeReader
{
    /// <summary>How a <see cref="SchemaXmlReader"/> is opened on a part.</summary>
    private sealed partial class SchemaXmlReader
    {
        // Parts up to this size (most of a document's parts) are inflated whole before their reader starts.
        private const int WholePartBytes = 64 * 1024;

        /// <summary>Settings for the readers of one document's parts: their names are atomised once, in one table.</summary>
        public static XmlReaderSettings Settings(long maxCharacters) => new()
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            CloseInput = true,
            NameTable = new NameTable(),
        };

        /// <summary>A reader on the root of <paramref name="part"/>, or null when it holds no element (no DOM root either).</summary>
        public static OpenXmlReader? Open<TRoot>(OpenXmlPart part, XmlReaderSettings settings, out bool ignoresUndeclared)
            where TRoot : OpenXmlPartRootElement, new()
        {
            ignoresUndeclared = false;
            var stream = PartStream(part);
            if (stream.Length < 4)
            {
                stream.Dispose();
                return null;
            }
            var xml = XmlReader.Create(stream, settings);
            try
            {
                if (xml.MoveToContent() != XmlNodeType.Element)
                {
                    xml.Dispose();
                    return null;
                }
                var root = RootName<TRoot>.Value;
                if (xml.LocalName != root.LocalName || xml.NamespaceURI != root.NamespaceUri)
                {
                    throw new InvalidDataException($"the root element of {part.Uri} is not {typeof(TRoot).Name}");
                }
                ignoresUndeclared = IgnoresUndeclaredPrefix(xml);
                return new SchemaXmlReader(xml, typeof(TRoot));
            }
            catch
            {
                xml.Dispose();
                throw;
            }
        }

        private static class RootName<TRoot>
            where TRoot : OpenXmlPartRootElement, new()
        {
            public static readonly OpenXmlElement Value = new TRoot();
        }

        /// <summary>
        /// The part's content. A small part is inflated in one read into a rented array: an XML reader on a stream of
        /// known length sizes its buffers to it, where on the inflating stream it allocated 12 KB of them whatever the
        /// part's size, and the inflater is called once. Content that does not inflate to exactly its declared length
        /// is read as a stream, as before, so damage surfaces where and as it always did.
        /// </summary>
        private static Stream PartStream(OpenXmlPart part)
        {
            var stream = part.GetStream(FileMode.Open, FileAccess.Read);
            var length = stream.Length;
            if (length < 4 || length > WholePartBytes)
            {
                return stream;
            }
            var bytes = ArrayPool<byte>.Shared.Rent((int)length);
            var whole = false;
            try
            {
                whole = stream.ReadAtLeast(bytes.AsSpan(0, (int)length), (int)length, throwOnEndOfStream: false) == length && stream.ReadByte() < 0;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                whole = false;
            }
            finally
            {
                stream.Dispose();
            }
            if (whole)
            {
                return new RentedBytes(bytes, (int)length);
            }
            bytes.AsSpan(0, (int)length).Clear();
            ArrayPool<byte>.Shared.Return(bytes);
            return part.GetStream(FileMode.Open, FileAccess.Read);
        }

        /// <summary>A part's bytes in a rented array, cleared and given back when the reader closes it.</summary>
        private sealed class RentedBytes(byte[] bytes, int length) : MemoryStream(bytes, 0, length, writable: false)
        {
            private readonly int _length = length;
            private byte[]? _bytes = bytes;

            protected override void Dispose(bool disposing)
            {
                if (disposing && _bytes is { } rented)
                {
                    _bytes = null;
                    // The pool must not keep a document's text.
                    rented.AsSpan(0, _length).Clear();
                    ArrayPool<byte>.Shared.Return(rented);
                }
                base.Dispose(disposing);
            }
        }
    }
}
