namespace MailGuard.Scan.Extract;

/// <summary>What a piece of text is in the thread or the attachment it came from.</summary>
public enum SegmentRole
{
    /// <summary>What the sender of this message (or of the nested message) wrote.</summary>
    Authored,
    /// <summary>Quoted reply text ("&gt;" lines, below "On ... wrote:").</summary>
    Quoted,
    /// <summary>A forwarded message's body, below its forward header.</summary>
    Forwarded,
    /// <summary>Header lines of a message or of a forwarded/quoted block (From/To/Cc lines as text).</summary>
    Headers,
    /// <summary>An attachment's file name.</summary>
    FileName,
    /// <summary>Text of an attachment document (docx, pdf, txt, ...).</summary>
    Document,
    /// <summary>Rows of a table (csv, xlsx sheet, docx table): one row a line, cells separated by a tab.</summary>
    Table,
    /// <summary>A contact card (vcf): one person.</summary>
    Card,
}

/// <summary>A mailbox as written in a header or a forward block.</summary>
/// <param name="DisplayName">The display name, decoded, or null.</param>
/// <param name="Address">The address, or null when only a name was given.</param>
public sealed record MailboxRef(string? DisplayName, string? Address);

/// <summary>The header block of a message, a forwarded or a quoted section.</summary>
public sealed record HeaderBlock(
    IReadOnlyList<MailboxRef> From,
    IReadOnlyList<MailboxRef> To,
    IReadOnlyList<MailboxRef> Cc,
    string? Date,
    string? Subject)
{
    public static readonly HeaderBlock Empty = new([], [], [], null, null);

    /// <summary>Every mailbox in the block.</summary>
    public IEnumerable<MailboxRef> All => From.Concat(To).Concat(Cc);
}

/// <summary>A run of text the detectors read, with where it came from.</summary>
/// <param name="Location">A path: <c>body</c>, <c>body/forwarded[1]</c>, <c>attachment:old.eml/body/quoted[1]</c>.</param>
/// <param name="Role">What the text is.</param>
/// <param name="Text">The text as written and its normalised form for detection.</param>
/// <param name="Headers">The header block of the forwarded/quoted section or nested message this text belongs to, if any.</param>
public sealed record TextSegment(string Location, SegmentRole Role, NormalizedText Text, HeaderBlock? Headers = null);

/// <summary>Something that could not be read, with where and why; becomes an <c>unscannable</c> finding.</summary>
/// <param name="Location">The part's location, as for segments.</param>
/// <param name="Reason">A clear reason a person understands: "encrypted zip", "MIME depth limit (32) reached".</param>
public sealed record ExtractionProblem(string Location, string Reason);

/// <summary>Everything extraction got out of one message.</summary>
/// <param name="Headers">The top-level message's From/To/Cc/Date/Subject.</param>
/// <param name="Segments">The text, in document order.</param>
/// <param name="Problems">What could not be read.</param>
public sealed record ExtractionResult(HeaderBlock Headers, IReadOnlyList<TextSegment> Segments, IReadOnlyList<ExtractionProblem> Problems);
