namespace MailGuard.Scan.Extract;

/// <summary>
/// One line of a body as a range of the text it was cut from, so splitting a body into lines and unquoting "&gt; "
/// copies no characters: a section's text is made once, when it is added.
/// </summary>
internal readonly struct TextLine(string text, int start, int length)
{
    public string Text { get; } = text;

    public int Start { get; } = start;

    public int Length { get; } = length;

    public ReadOnlySpan<char> Span => Text.AsSpan(Start, Length);

    /// <summary>The line without its first <paramref name="count"/> characters.</summary>
    public TextLine Skip(int count) => new(Text, Start + count, Length - count);

    /// <summary>True when this line comes right after <paramref name="previous"/> in the same text, one '\n' between them.</summary>
    public bool Follows(TextLine previous) =>
        ReferenceEquals(Text, previous.Text) && Start == previous.Start + previous.Length + 1;

    public override string ToString() => Text.Substring(Start, Length);
}
