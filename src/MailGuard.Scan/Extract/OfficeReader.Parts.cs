using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace MailGuard.Scan.Extract;

internal static partial class OfficeReader
{
    /// <summary>Opens parts for forward-only reading: unconverted XML straight, strict packages through the SDK's reader.</summary>
    private sealed class PartReaders(ExtractionSession session, string location, bool strict, long maxCharacters, PackageGraph? graph)
    {
        // A document's parts declare the same namespaces and use the same names; each new table would allocate them again.
        private XmlReaderSettings? _settings;

        /// <summary>Whether parts are read with <see cref="SchemaXmlReader"/> (the package has no strict namespaces).</summary>
        public bool Fast => !strict;

        /// <summary>
        /// A reader on the root of <paramref name="part"/> (null without one); with <paramref name="sdk"/> the SDK's own, which a reading
        /// falls back to when <see cref="SchemaXmlReader"/> meets what only the SDK can load (an unknown element's text).
        /// </summary>
        public OpenXmlReader? Open<TRoot>(OpenXmlPart? part, bool sdk = false)
            where TRoot : OpenXmlPartRootElement, new()
        {
            if (part is null)
            {
                return null;
            }
            if (strict || sdk)
            {
                return OpenSdk<TRoot>(part);
            }
            var reader = SchemaXmlReader.Open<TRoot>(part, _settings ??= SchemaXmlReader.Settings(maxCharacters), out var undeclared);
            if (undeclared)
            {
                IgnoresUndeclared(part);
            }
            return reader;
        }

        /// <summary>The SDK's reader on the root of <paramref name="part"/>, or null without one.</summary>
        public OpenXmlReader? OpenSdk<TRoot>(OpenXmlPart part)
            where TRoot : OpenXmlPartRootElement
        {
            var reader = OpenRoot<TRoot>(part);
            if (reader is not null)
            {
                CheckRoot(part, reader);
            }
            return reader;
        }

        /// <summary>Checks the root element the SDK's <paramref name="reader"/> is on, as <see cref="SchemaXmlReader"/> checks its own.</summary>
        public void CheckRoot(OpenXmlPart part, OpenXmlReader reader)
        {
            var ignorable = reader.Attributes.FirstOrDefault(a => a.LocalName == "Ignorable" && a.NamespaceUri == CompatibilityNamespace).Value;
            if (ignorable is null)
            {
                return;
            }
            // The root's own declarations are all the namespaces in scope on it.
            var declared = reader.NamespaceDeclarations.Select(d => d.Key).Append("xml").ToHashSet(StringComparer.Ordinal);
            if (!MCContextPrefixes(ignorable).All(declared.Contains))
            {
                IgnoresUndeclared(part);
            }
        }

        // The SDK's markup-compatibility processing rejects such a document (InvalidMCContentException), as ECMA-376
        // part 3 requires of a consumer. This reader does not process mc:Ignorable, so it skips nothing more than in
        // a valid document and the text is read; but a document its own application refuses is either damaged or
        // made to be read differently by different readers, so it is held for a reviewer.
        private void IgnoresUndeclared(OpenXmlPart part) =>
            session.Problem(location, $"{part.Uri}: mc:Ignorable names an undeclared namespace prefix, which Office refuses; its text was read");

        /// <summary>
        /// The part relationship <paramref name="id"/> of <paramref name="container"/> names, or null. No such
        /// relationship is a problem at <paramref name="location"/> (a part may be there unread); one dropped for its
        /// missing target was reported when the package was opened.
        /// </summary>
        public OpenXmlPart? PartById(OpenXmlPart container, string? id, string location, string what)
        {
            if (id is null)
            {
                return null;
            }
            if (container.TryGetPartById(id, out var part))
            {
                return part;
            }
            if (graph?.WasDropped(container.Uri, id) != true)
            {
                session.Problem(location, $"{what} could not be read: {container.Uri} has no part for relationship {id}");
            }
            return null;
        }

        /// <summary>Reads with the fast reader, and again with the SDK's when the fast one cannot give the same text.</summary>
        public static T Read<T>(Func<bool, T> read)
        {
            try
            {
                return read(false);
            }
            catch (SchemaFallbackException)
            {
                return read(true);
            }
        }
    }

    private const string CompatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    /// <summary>Whether the mc:Ignorable of the root element <paramref name="xml"/> is on names a prefix no namespace is declared for.</summary>
    private static bool IgnoresUndeclaredPrefix(XmlReader xml) =>
        xml.GetAttribute("Ignorable", CompatibilityNamespace) is { } ignorable
        && MCContextPrefixes(ignorable).Any(prefix => string.IsNullOrEmpty(xml.LookupNamespace(prefix)));

    // Split as the SDK's MCContext splits it; attribute normalisation has made every whitespace a space.
    private static string[] MCContextPrefixes(string ignorable) => ignorable.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Thrown by <see cref="SchemaXmlReader"/> for what only the SDK's reader can load the DOM's way.</summary>
    private sealed class SchemaFallbackException : Exception
    {
    }
}
