using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace MailGuard.Scan.Extract;

internal static partial class OfficeReader
{
    /// <summary>Opens parts for forward-only reading: unconverted XML straight, strict packages through the SDK's reader.</summary>
    private sealed class PartReaders(bool strict, long maxCharacters, PackageGraph? graph)
    {
        /// <summary>Whether parts are read with <see cref="SchemaXmlReader"/> (the package has no strict namespaces).</summary>
        public bool Fast => !strict;

        /// <summary>
        /// A reader on the root of <paramref name="part"/> (null without one); with <paramref name="sdk"/> the SDK's own, which a reading
        /// falls back to when <see cref="SchemaXmlReader"/> meets what only the SDK can load (an unknown element's text).
        /// </summary>
        public OpenXmlReader? Open<TRoot>(OpenXmlPart? part, bool sdk = false)
            where TRoot : OpenXmlPartRootElement, new() =>
            part is null ? null : strict || sdk ? OpenRoot<TRoot>(part) : SchemaXmlReader.Open<TRoot>(part, maxCharacters);

        /// <summary>
        /// The part relationship <paramref name="id"/> of <paramref name="container"/> names, or null. No such
        /// relationship is a problem at <paramref name="location"/> (a part may be there unread); one dropped for its
        /// missing target was reported when the package was opened.
        /// </summary>
        public OpenXmlPart? PartById(ExtractionSession session, OpenXmlPart container, string? id, string location, string what)
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

    /// <summary>Thrown by <see cref="SchemaXmlReader"/> for what only the SDK's reader can load the DOM's way.</summary>
    private sealed class SchemaFallbackException : Exception
    {
    }
}
