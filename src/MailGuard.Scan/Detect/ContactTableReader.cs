using System.Text.RegularExpressions;
using MailGuard.Core;
using MailGuard.Scan.Extract;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Contact lists and cards: each row of a <see cref="SegmentRole.Table"/> segment is one person, read by its column
/// headers when there are any (so a SKU column of a price list is never taken for phone numbers); a
/// <see cref="SegmentRole.Card"/> (vCard) is one person with all its fields.
/// </summary>
internal sealed partial class ContactTableReader(PhoneRecognizer phones)
{
    [GeneratedRegex(@"(?i)氏名|名前|担当|^\s*(?:full[ _]?)?name\s*$|contact|attendee|customer[ _]?name")]
    private static partial Regex NameHeader();

    [GeneratedRegex(@"(?i)電話|tel|phone|携帯|mobile|fax|cell|連絡先")]
    private static partial Regex PhoneHeader();

    [GeneratedRegex(@"(?i)^(?:FN|N)(?:;[^:]*)?:(?<value>.+)$")]
    private static partial Regex CardName();

    [GeneratedRegex(@"(?i)^ADR(?:;[^:]*)?:(?<value>.+)$")]
    private static partial Regex CardAddress();

    public void ReadTable(TextSegment segment, PersonBook book, PhoneMatches matches)
    {
        // Rows are read in place and cut into cells: only a cell becomes a string, not its row as well.
        var text = segment.Text.Normalized;
        var at = 0;
        if (!SegmentLines.Next(text, ref at, out _, out var firstStart, out var firstEnd))
        {
            return;
        }
        var japanese = PhoneRecognizer.IsJapanese(text);
        var first = text[firstStart..firstEnd];
        var header = first.Split('\t');
        var hasHeader = header.Length >= 2 && !first.AsSpan().ContainsAnyInRange('0', '9') && !first.Contains('@');
        var nameColumns = hasHeader ? Columns(header, NameHeader()) : [];
        var phoneColumns = hasHeader ? Columns(header, PhoneHeader()) : [];
        if (!hasHeader)
        {
            at = 0;
        }
        // One pair of lists for all rows: nothing keeps them once a row's person is made.
        var items = new List<DetectedItem>();
        var names = new List<DetectedItem>();
        while (SegmentLines.Next(text, ref at, out _, out var rowStart, out var rowEnd))
        {
            var row = text.AsSpan(rowStart, rowEnd - rowStart);
            if (row.IsWhiteSpace())
            {
                continue;
            }
            items.Clear();
            names.Clear();
            var column = 0;
            foreach (var range in row.Split('\t'))
            {
                var (cellStart, cellLength) = range.GetOffsetAndLength(row.Length);
                var offset = rowStart + cellStart;
                var cell = text.Substring(offset, cellLength);
                ReadCell(cell, offset, column, hasHeader, nameColumns, phoneColumns, japanese, matches, items, names);
                column++;
            }
            if (names.Count == 0 && !HasEmail(items))
            {
                continue;
            }
            var person = book.Create();
            if (names.Count > 0)
            {
                person = book.AddName(person, names[0].Value, out var canonical);
                Add(person, segment, names[0] with { Value = canonical });
            }
            foreach (var item in items)
            {
                person = item.Kind == FindingKind.Email ? book.AddEmail(person, item.Value) : person;
                Add(person, segment, item);
            }
        }
    }

    private void ReadCell(
        string cell, int offset, int column, bool hasHeader, HashSet<int> nameColumns, HashSet<int> phoneColumns, bool japanese,
        PhoneMatches matches, List<DetectedItem> items, List<DetectedItem> names)
    {
        // Added one by one: AddRange of an enumerable or a read-only list goes through interfaces and copies, for the
        // empty result most cells have.
        foreach (var email in EmailRecognizer.Find(cell, offset))
        {
            items.Add(email);
        }
        if (!hasHeader || phoneColumns.Contains(column))
        {
            var found = phones.Find(cell, offset, japanese, matches);
            for (var i = 0; i < found.Count; i++)
            {
                items.Add(found[i]);
            }
        }
        // Most cells are no address: they get no line of their own.
        if (JapaneseAddressRecognizer.MayStartIn(cell) || WesternAddressRecognizer.MayEndIn(cell))
        {
            Line[] cellLine = [new(0, 0, cell, offset)];
            List<DetectedItem>? addresses = null;
            JapaneseAddressRecognizer.Find(cellLine, 0, ref addresses);
            WesternAddressRecognizer.Find(cellLine, 0, ref addresses);
            if (addresses is not null)
            {
                items.AddRange(addresses);
            }
        }
        var trimmed = cell.Trim();
        if (trimmed.Length > 0 && (PersonNameRecognizer.IsName(trimmed)
            || (nameColumns.Contains(column) && trimmed.Length <= 40 && !HasDigit(trimmed))))
        {
            names.Add(new DetectedItem(FindingKind.Person, offset + cell.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length, trimmed));
        }
    }

    // Any decimal digit, as char.IsDigit has it (not only ASCII), without an enumerator per cell.
    private static bool HasDigit(string text)
    {
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasEmail(List<DetectedItem> items)
    {
        foreach (var item in items)
        {
            if (item.Kind == FindingKind.Email)
            {
                return true;
            }
        }
        return false;
    }

    public void ReadCard(TextSegment segment, PersonBook book)
    {
        var lines = SegmentLines.Split(segment.Text.Normalized);
        var person = book.Create();
        foreach (var line in lines)
        {
            if (CardName().Match(line.Content) is { Success: true } n)
            {
                var value = n.Groups["value"];
                var name = string.Join(' ', value.Value.Split(';', StringSplitOptions.RemoveEmptyEntries).Reverse().Take(2).Reverse());
                if (line.Content.StartsWith("FN", StringComparison.OrdinalIgnoreCase))
                {
                    name = value.Value.Trim();
                }
                person = book.AddName(person, name, out var canonical);
                Add(person, segment, new DetectedItem(FindingKind.Person, line.ContentStart + value.Index, value.Length, canonical));
                continue;
            }
            if (CardAddress().Match(line.Content) is { Success: true } a && a.Groups["value"].Value.Any(char.IsLetterOrDigit))
            {
                var value = a.Groups["value"];
                Add(person, segment, new DetectedItem(FindingKind.PostalAddress, line.ContentStart + value.Index, value.Length, value.Value));
                continue;
            }
            foreach (var email in EmailRecognizer.Find(line.Content, line.ContentStart))
            {
                person = book.AddEmail(person, email.Value);
                Add(person, segment, email);
            }
            var colon = line.Content.IndexOf(':');
            if (line.Content.StartsWith("TEL", StringComparison.OrdinalIgnoreCase) && colon > 0)
            {
                // vCard values carry no "TEL" context of their own; the property name is the context.
                foreach (var phone in phones.Find("TEL " + line.Content[(colon + 1)..], line.ContentStart + colon + 1 - 4))
                {
                    Add(person, segment, phone);
                }
            }
        }
    }

    private static HashSet<int> Columns(string[] header, Regex regex) =>
        [.. header.Select((h, i) => (h, i)).Where(x => regex.IsMatch(x.h)).Select(x => x.i)];

    private static void Add(Person person, TextSegment segment, DetectedItem item) =>
        PersonBook.Root(person).AddEvidence(new Evidence(item.Kind, segment.Text.OriginalOf(item.Start, item.Length), item.Value, segment.Location));
}
