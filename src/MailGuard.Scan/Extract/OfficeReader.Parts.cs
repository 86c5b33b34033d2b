using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace MailGuard.Scan.Extract;

internal static partial class OfficeReader
{
    /// <summary>Opens parts for forward-only reading: unconverted XML straight, strict packages through the SDK's reader.</summary>
    private sealed class PartReaders(bool strict, long maxCharacters)
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
