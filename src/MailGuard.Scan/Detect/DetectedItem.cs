namespace MailGuard.Scan.Detect;

/// <summary>One recognised piece of text: where it is in the normalised segment text and its canonical value.</summary>
/// <param name="Kind">A <see cref="Core.FindingKind"/>.</param>
/// <param name="Start">Offset in the segment's normalised text.</param>
/// <param name="Length">Length in the normalised text.</param>
/// <param name="Value">The canonical form used to compare (lower-case address, digits of a number, name without spaces).</param>
internal sealed record DetectedItem(string Kind, int Start, int Length, string Value);
