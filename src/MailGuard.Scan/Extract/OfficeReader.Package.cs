using System.IO.Packaging;

namespace MailGuard.Scan.Extract;

internal static partial class OfficeReader
{
    /// <summary>
    /// The package's relationship graph as the SDK will load it, walked before the SDK sees it. The SDK loads a
    /// part's relationships all at once and throws on the first whose target part is absent, so one dangling
    /// reference (a deleted sheet, header or image) would make every other part unreadable too.
    /// </summary>
    private sealed class PackageGraph
    {
        private const string HyperlinkType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
        // Every strict relationship type the SDK converts (OpenXmlNamespaceResolver) begins so.
        private const string StrictTypes = "http://purl.oclc.org/ooxml/";
        private const string StrictHyperlinkType = StrictTypes + "officeDocument/relationships/hyperlink";
        private static readonly Uri Root = new("/", UriKind.Relative);

        private PackageGraph()
        {
        }

        /// <summary>
        /// Whether a relationship has a strict type, as the SDK's StrictRelationshipFound says after loading every part:
        /// asking the SDK would create a part object for each part of the package, most of which are never read.
        /// </summary>
        public bool Strict { get; private set; }

        /// <summary>Relationships whose target part is absent: the source part (or "/" for the package), the id and the target.</summary>
        public List<(Uri Source, string Id, string Target)> Dangling { get; } = [];

        /// <summary>
        /// Walks every relationship reachable from the package root, as the SDK's loading follows them; throws what
        /// System.IO.Packaging throws for a relationship part it cannot parse.
        /// </summary>
        public static PackageGraph Walk(Package package)
        {
            var graph = new PackageGraph();
            var visited = new HashSet<PackagePart>(ReferenceEqualityComparer.Instance);
            var queue = new Queue<PackagePart>();
            graph.Visit(package, Root, package.GetRelationships(), visited, queue);
            while (queue.TryDequeue(out var part))
            {
                graph.Visit(package, part.Uri, part.GetRelationships(), visited, queue);
            }
            return graph;
        }

        /// <summary>Whether the relationship <paramref name="id"/> of <paramref name="source"/> was dropped for its missing target.</summary>
        public bool WasDropped(Uri source, string id) =>
            Dangling.Exists(d => d.Id == id && d.Source != Root && PackUriHelper.ComparePartUri(d.Source, source) == 0);

        private void Visit(Package package, Uri source, PackageRelationshipCollection relationships, HashSet<PackagePart> visited, Queue<PackagePart> queue)
        {
            foreach (var relationship in relationships)
            {
                Strict |= relationship.RelationshipType.StartsWith(StrictTypes, StringComparison.OrdinalIgnoreCase);
                // The SDK loads no part for these (see its PartRelationshipsFeature; a strict type is converted first):
                // nothing of theirs can be missing.
                if (relationship.TargetMode == TargetMode.External || relationship.RelationshipType is HyperlinkType or StrictHyperlinkType
                    || relationship.TargetUri.OriginalString.Equals("NULL", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                Uri target;
                try
                {
                    target = PackUriHelper.ResolvePartUri(source, relationship.TargetUri);
                }
                catch (ArgumentException)
                {
                    // A target that names no part (a fragment, the root, a relationship part) is as missing as an absent one.
                    Dangling.Add((source, relationship.Id, relationship.TargetUri.OriginalString));
                    continue;
                }
                if (!package.PartExists(target))
                {
                    Dangling.Add((source, relationship.Id, target.OriginalString));
                }
                else if (!IsRelationshipPart(target) && package.GetPart(target) is var part && visited.Add(part))
                {
                    queue.Enqueue(part);
                }
            }
        }

        // A relationship part's name ends in ".rels" (escaped, it could hide it behind a '%'): every other target skips
        // System.IO.Packaging's validation of the URI, which it repeats on every call.
        private static bool IsRelationshipPart(Uri target) =>
            (target.OriginalString.EndsWith(".rels", StringComparison.OrdinalIgnoreCase) || target.OriginalString.Contains('%'))
            && PackUriHelper.IsRelationshipPartUri(target);

        /// <summary>
        /// A read-only copy of the package without the dangling relationships, so the SDK loads everything that is
        /// there. The copy costs a zip rewrite, paid only by a damaged document.
        /// </summary>
        public Package WithoutDangling(Stream content)
        {
            var copy = new MemoryStream();
            content.Position = 0;
            content.CopyTo(copy);
            using (var writable = Package.Open(copy, FileMode.Open, FileAccess.ReadWrite))
            {
                foreach (var (source, id, _) in Dangling)
                {
                    if (source == Root)
                    {
                        writable.DeleteRelationship(id);
                    }
                    else
                    {
                        writable.GetPart(source).DeleteRelationship(id);
                    }
                }
            }
            copy.Position = 0;
            return Package.Open(copy, FileMode.Open, FileAccess.Read);
        }
    }
}
