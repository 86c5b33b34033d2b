namespace MailGuard.Scan.Detect;

/// <summary>One line of a segment's normalised text with its quote depth ("&gt; &gt; " counts 2) stripped off.</summary>
/// <param name="Index">The line number in the segment.</param>
/// <param name="Depth">How many quote markers preceded the content.</param>
/// <param name="Content">The text after the quote markers, trailing space trimmed.</param>
/// <param name="ContentStart">Offset of <paramref name="Content"/> in the segment's normalised text.</param>
/// <remarks>A value in the segment's list, not an object per line: a long text has many lines.</remarks>
internal readonly record struct Line(int Index, int Depth, string Content, int ContentStart)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Content);

    public int ContentEnd => ContentStart + Content.Length;
}

/// <summary>Splits normalised text into <see cref="Line"/>s.</summary>
internal static class SegmentLines
{
    public static List<Line> Split(string text)
    {
        // Sized up front: growing the list copied it about log2(lines) times for every segment.
        var lines = new List<Line>(text.AsSpan().Count('\n') + 1);
        var start = 0;
        while (Next(text, ref start, out var depth, out var contentStart, out var contentEnd))
        {
            lines.Add(new Line(lines.Count, depth, text[contentStart..contentEnd], contentStart));
        }
        return lines;
    }

    /// <summary>
    /// Reads the line at <paramref name="start"/> without copying it and moves <paramref name="start"/> past it;
    /// false after the last line. Text of n line breaks has n + 1 lines.
    /// </summary>
    public static bool Next(string text, ref int start, out int depth, out int contentStart, out int contentEnd)
    {
        if (start > text.Length)
        {
            depth = contentStart = contentEnd = 0;
            return false;
        }
        var end = text.IndexOf('\n', start);
        if (end < 0)
        {
            end = text.Length;
        }
        var pos = start;
        depth = 0;
        // "> > text", ">> text" and "| text" (some clients quote with a bar).
        while (pos < end)
        {
            var c = text[pos];
            if (c == '>')
            {
                depth++;
                pos++;
            }
            else if ((c == ' ' || c == '\t') && depth > 0 && pos + 1 < end && text[pos + 1] == '>')
            {
                pos++;
            }
            else
            {
                break;
            }
        }
        if (depth > 0 && pos < end && text[pos] == ' ')
        {
            pos++;
        }
        var last = end;
        while (last > pos && char.IsWhiteSpace(text[last - 1]))
        {
            last--;
        }
        contentStart = pos;
        contentEnd = last;
        start = end + 1;
        return true;
    }
}
