using System.Collections.Concurrent;
using DocumentFormat.OpenXml;

namespace MailGuard.Scan.Extract;

internal static partial class OfficeReader
{
    /// <summary>The element types of <see cref="SchemaXmlReader"/>: the SDK's answers, kept per parent type and name.</summary>
    private sealed partial class SchemaXmlReader
    {
        // Names outside the schema are asked again rather than kept: they come from the document.
        private const int MaxKnownNames = 8192;

        private static readonly ConcurrentDictionary<(Type Parent, string Namespace, string Name), Type> Known = new(new KnownKeyComparer());
        private static readonly ConcurrentDictionary<Type, bool> Leaves = new();

        private Type ChildType(string ns, string name)
        {
            var parent = _types[^1];
            if (parent == typeof(OpenXmlUnknownElement))
            {
                return ns == CompatibilityNamespace && name == "AlternateContent" ? typeof(AlternateContent) : typeof(OpenXmlUnknownElement);
            }
            if (parent == typeof(AlternateContentChoice) || parent == typeof(AlternateContentFallback))
            {
                // The SDK types a Choice's or Fallback's children as children of the element holding the AlternateContent.
                if (_types.Count < 3 || _types[^2] != typeof(AlternateContent))
                {
                    return ns == CompatibilityNamespace && name == "AlternateContent" ? typeof(AlternateContent) : typeof(OpenXmlUnknownElement);
                }
                parent = _types[^3];
            }
            if (Known.TryGetValue((parent, ns, name), out var known))
            {
                return known;
            }
            var type = AskSchema(parent, ns, name);
            if (type != typeof(OpenXmlUnknownElement) && Known.Count < MaxKnownNames)
            {
                Known.TryAdd((parent, ns, name), type);
            }
            return type;
        }

        /// <summary>The type the SDK gives a child named so of a parent of that type, found by letting it parse one.</summary>
        private static Type AskSchema(Type parent, string ns, string name)
        {
            if (Activator.CreateInstance(parent) is not OpenXmlElement element || IsLeaf(parent) || parent.IsAbstract)
            {
                return typeof(OpenXmlUnknownElement);
            }
            var escaped = System.Security.SecurityElement.Escape(ns);
            element.InnerXml = ns.Length == 0 ? $"<{name}/>" : $"<x:{name} xmlns:x=\"{escaped}\"/>";
            // The SDK converts strict namespaces when it parses a fragment; the DOM of a transitional package does not.
            return element.FirstChild is { } child && child.NamespaceUri == ns && child.LocalName == name
                ? child.GetType()
                : typeof(OpenXmlUnknownElement);
        }

        /// <summary>
        /// Keys hashed by parent type and name only: the namespace is a URI of 40 to 70 characters, hashed again for
        /// every element of every part, and a parent's children of one name nearly always share it. Equality still
        /// compares all three.
        /// </summary>
        private sealed class KnownKeyComparer : IEqualityComparer<(Type Parent, string Namespace, string Name)>
        {
            public bool Equals((Type Parent, string Namespace, string Name) x, (Type Parent, string Namespace, string Name) y) =>
                x.Parent == y.Parent && string.Equals(x.Name, y.Name) && string.Equals(x.Namespace, y.Namespace);

            public int GetHashCode((Type Parent, string Namespace, string Name) key) => HashCode.Combine(key.Parent, key.Name);
        }

        private static bool IsLeaf(Type type) => Leaves.GetOrAdd(type, static t =>
            typeof(OpenXmlLeafElement).IsAssignableFrom(t) || typeof(OpenXmlLeafTextElement).IsAssignableFrom(t));
    }
}
