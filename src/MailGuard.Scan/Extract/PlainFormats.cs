using System.Text;
using MimeKit.Encodings;

namespace MailGuard.Scan.Extract;

/// <summary>CSV as table rows, vCard as one segment per card, iCalendar unfolded.</summary>
internal static class PlainFormats
{
    /// <summary>Adds CSV rows, one a line with tab-separated cells (quoted fields may span lines).</summary>
    public static void ReadTable(ExtractionSession session, string text, string location, char separator)
    {
        // A character never becomes more than one, so the rows are measured first and then written straight into
        // their string: a table as large as the text limit costs one copy, not a builder, a string and a trimmed string.
        var length = Rows(text, separator, []);
        session.Add(location, SegmentRole.Table, string.Create(length, (text, separator), static (target, state) => Rows(state.text, state.separator, target)));
    }

    /// <summary>
    /// Writes the rows of <paramref name="text"/> into <paramref name="target"/> (only measures them when it is empty);
    /// returns their length without trailing row and cell breaks.
    /// </summary>
    private static int Rows(string text, char separator, Span<char> target)
    {
        var length = 0;
        var kept = 0;
        var cell = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            char output;
            var endsCell = false;
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    output = '"';
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                    continue;
                }
                else if (c == '\r')
                {
                    continue;
                }
                else
                {
                    output = c == '\n' ? ' ' : c;
                }
            }
            else if (c == '"' && cell == 0)
            {
                quoted = true;
                continue;
            }
            else if (c == separator || c == '\n')
            {
                output = c == '\n' ? '\n' : '\t';
                endsCell = true;
            }
            else if (c == '\r')
            {
                continue;
            }
            else
            {
                output = c;
            }
            cell = endsCell ? 0 : cell + 1;
            if (length < target.Length)
            {
                target[length] = output;
            }
            length++;
            if (output is not ('\n' or '\t'))
            {
                kept = length;
            }
        }
        return kept;
    }

    /// <summary>Adds each vCard as one <see cref="SegmentRole.Card"/> segment at <c>{location}/card[n]</c>.</summary>
    public static void ReadCards(ExtractionSession session, string text, string location)
    {
        var card = new StringBuilder();
        var number = 0;
        foreach (var line in Unfold(text, unescape: false).Split('\n'))
        {
            session.Token.ThrowIfCancellationRequested();
            if (line.StartsWith("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase))
            {
                card.Clear();
                continue;
            }
            if (line.StartsWith("END:VCARD", StringComparison.OrdinalIgnoreCase))
            {
                session.Add($"{location}/card[{++number}]", SegmentRole.Card, card.ToString().TrimEnd('\n'));
                card.Clear();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var parameters = line[..colon].Split(';');
            var name = parameters[0];
            if (name.Equals("VERSION", StringComparison.OrdinalIgnoreCase) || name.Equals("PHOTO", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var value = line[(colon + 1)..];
            if (parameters.Any(p => p.Equals("ENCODING=QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase)))
            {
                // vCard 2.1 from Japanese phones: quoted-printable in the charset its parameter names.
                var charset = parameters.FirstOrDefault(p => p.StartsWith("CHARSET=", StringComparison.OrdinalIgnoreCase))?[8..];
                var decoder = new QuotedPrintableDecoder();
                var raw = Encoding.Latin1.GetBytes(value);
                var output = new byte[decoder.EstimateOutputLength(raw.Length)];
                var length = decoder.Decode(raw, 0, raw.Length, output);
                value = CharsetDecoder.Decode(output.AsSpan(0, length), charset ?? "utf-8", out _);
            }
            value = value.Replace(";", " ", StringComparison.Ordinal).Replace("\\,", ",", StringComparison.Ordinal)
                .Replace("\\n", " ", StringComparison.OrdinalIgnoreCase).Trim();
            card.Append(name.ToUpperInvariant()).Append(": ").Append(value).Append('\n');
        }
    }

    /// <summary>Joins folded lines (a line break followed by a space or tab); optionally unescapes "\n" and "\,".</summary>
    public static string Unfold(string text, bool unescape = true)
    {
        var unfolded = text
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("\n ", string.Empty, StringComparison.Ordinal)
            .Replace("\n\t", string.Empty, StringComparison.Ordinal);
        return !unescape ? unfolded.Replace("=\n", string.Empty, StringComparison.Ordinal) : unfolded
            .Replace("\\n", "\n", StringComparison.OrdinalIgnoreCase)
            .Replace("\\,", ",", StringComparison.Ordinal)
            .Replace("\\;", ";", StringComparison.Ordinal);
    }
}
