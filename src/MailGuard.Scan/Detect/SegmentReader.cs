using MailGuard.Core;
using MailGuard.Scan.Extract;

namespace MailGuard.Scan.Detect;

/// <summary>
/// Reads one text segment into the <see cref="PersonBook"/>: forward/quote headers become persons, each block of
/// contact lines (a signature, a contact paragraph, an introduction) becomes one person, each line of a list with
/// several addresses one person each, and what has no name or address of its own belongs to the section's writer.
/// </summary>
internal sealed partial class SegmentReader(PhoneRecognizer phones)
{
    private const int MaxBlockLines = 16;

    public void Read(TextSegment segment, MailboxRef? writer, PersonBook book, PhoneMatches phoneMatches)
    {
        var text = segment.Text.Normalized;
        // National numbers in Japanese text are read as Japanese first.
        var japanese = PhoneRecognizer.IsJapanese(text);
        var thread = ThreadStructure.Analyse(text, writer);
        var lines = thread.Lines;
        foreach (var header in thread.HeaderLines)
        {
            var line = lines[header.LineIndex];
            foreach (var span in header.Mailboxes)
            {
                // The book has asked whether the display name is a name: it is not asked again.
                var person = book.For(span.Mailbox, out var named);
                var at = line.ContentStart + header.ValueStart;
                if (span.NameLength > 0 && named)
                {
                    Add(person, segment, FindingKind.Person, at + span.NameStart, span.NameLength, PersonNameRecognizer.Canonical(span.Mailbox.DisplayName!));
                }
                if (span.AddressLength > 0)
                {
                    Add(person, segment, FindingKind.Email, at + span.AddressStart, span.AddressLength, span.Mailbox.Address!);
                }
            }
        }
        // One list of a line's name spans for all blocks of the segment: the recognizers add to it, most lines nothing.
        var context = new Context(japanese, phoneMatches, []);
        var start = 0;
        while (start < lines.Count)
        {
            if (thread.Kinds[start] != LineKind.Text)
            {
                start++;
                continue;
            }
            var end = start;
            while (end + 1 < lines.Count && thread.Kinds[end + 1] == LineKind.Text && lines[end + 1].Depth == lines[start].Depth)
            {
                end++;
            }
            ReadBlock(segment, lines, start, end, thread.WriterOf(start), book, context);
            start = end + 1;
        }
    }

    private void ReadBlock(TextSegment segment, List<Line> lines, int first, int last, MailboxRef? writer, PersonBook book, Context context)
    {
        // One pass over the lines; most lines of a long text have no contact item, and they allocate nothing: only
        // lines with items are kept, in order, and a block without any keeps no list.
        var perLine = NoLines;
        var anyAddress = false;
        for (var i = first; i <= last; i++)
        {
            var items = FindContactItems(lines, i, context);
            if (items.Count == 0)
            {
                continue;
            }
            anyAddress |= items.Exists(x => x.Kind == FindingKind.PostalAddress);
            if (ReferenceEquals(perLine, NoLines))
            {
                perLine = [];
            }
            perLine.Add((i, items));
        }
        if (anyAddress)
        {
            DropNestedAddresses(perLine);
        }
        var contact = false;
        var emailLines = 0;
        // Made only for a block that has something: most blocks of a long text are prose with no contact item and no name.
        List<string>? blockEmails = null;
        foreach (var (_, items) in perLine)
        {
            contact |= items.Count > 0;
            var emails = 0;
            foreach (var item in items)
            {
                if (item.Kind == FindingKind.Email)
                {
                    (blockEmails ??= []).Add(item.Value);
                    emails++;
                }
            }
            emailLines += emails > 0 ? 1 : 0;
        }
        var names = FindNames(lines, first, last, contact, blockEmails ?? (IReadOnlyList<string>)[], context.Spans) ?? NoNames;
        ReadGreetings(segment, lines, first, last, writer, book, names);
        if (!contact && names.Count == 0)
        {
            return;
        }
        AddBlock(segment, lines, first, last, writer, book, perLine, names, emailLines);
    }

    // The names of a block's lines; null when it has none, as most prose blocks do.
    private static List<(int Line, DetectedItem Item)>? FindNames(
        List<Line> lines, int first, int last, bool contact, IReadOnlyList<string> blockEmails, List<(int Start, int Length)> spans)
    {
        List<(int Line, DetectedItem Item)>? names = null;
        var contactLines = contact && last - first < MaxBlockLines;
        var localLetters = contactLines && blockEmails.Count > 0 ? PersonNameRecognizer.LocalLetters(blockEmails) : NoLocals;
        for (var i = first; i <= last; i++)
        {
            var line = lines[i];
            spans.Clear();
            PersonNameRecognizer.FindInProse(line.Content, spans);
            if (contactLines)
            {
                PersonNameRecognizer.FindInContactLine(line.Content, spans);
                PersonNameRecognizer.FindWesternInProseByLocals(line.Content, localLetters, spans);
            }
            if (spans.Count > 0)
            {
                AddNames(names ??= [], i, line, spans);
            }
        }
        return names;
    }

    // A name inside another name of the line is part of it; a name found twice is one name.
    private static void AddNames(List<(int Line, DetectedItem Item)> names, int index, Line line, List<(int Start, int Length)> found)
    {
        for (var f = 0; f < found.Count; f++)
        {
            var (s, l) = found[f];
            if (found.IndexOf(found[f]) < f || IsInsideAnother(found, s, l))
            {
                continue;
            }
            names.Add((index, new DetectedItem(FindingKind.Person, line.ContentStart + s, l, line.Content.Substring(s, l))));
        }
    }

    private static bool IsInsideAnother(List<(int Start, int Length)> found, int start, int length)
    {
        foreach (var o in found)
        {
            if (o != (start, length) && o.Start <= start && start + length <= o.Start + o.Length)
            {
                return true;
            }
        }
        return false;
    }

    // Nothing adds to it: a block without addresses has no local parts to fit names to.
    private static readonly List<string> NoLocals = [];

    // Nothing adds to it: a block without names reads it, and adds to a list of its own.
    private static readonly List<(int Line, DetectedItem Item)> NoNames = [];

    // "〒460-0008" with the address on the next line is found from both lines: keep the longer find. Each is
    // compared with all the block's addresses as found, before any is dropped.
    private static void DropNestedAddresses(List<(int Line, List<DetectedItem> Items)> perLine)
    {
        var addresses = new List<DetectedItem>();
        foreach (var (_, items) in perLine)
        {
            foreach (var item in items)
            {
                if (item.Kind == FindingKind.PostalAddress)
                {
                    addresses.Add(item);
                }
            }
        }
        foreach (var (_, items) in perLine)
        {
            items.RemoveAll(i => i.Kind == FindingKind.PostalAddress && IsInsideLonger(addresses, i));
        }
    }

    private static bool IsInsideLonger(List<DetectedItem> addresses, DetectedItem item)
    {
        foreach (var o in addresses)
        {
            if (!ReferenceEquals(o, item) && o.Length > item.Length && o.Start <= item.Start && item.Start + item.Length <= o.Start + o.Length)
            {
                return true;
            }
        }
        return false;
    }

    // A shared empty list for the many blocks with no item; nothing adds to it.
    private static readonly List<(int Line, List<DetectedItem> Items)> NoLines = [];

    // A shared empty list for the many lines with no item; nothing adds to the lists once they are made.
    private static readonly List<DetectedItem> NoItems = [];

    private List<DetectedItem> FindContactItems(List<Line> lines, int index, Context context)
    {
        var line = lines[index];
        List<DetectedItem>? items = null;
        foreach (var item in EmailRecognizer.Find(line.Content, line.ContentStart))
        {
            (items ??= []).Add(item);
        }
        List<DetectedItem>? kept = null;
        List<DetectedItem>? addresses = null;
        JapaneseAddressRecognizer.Find(lines, index, ref addresses);
        WesternAddressRecognizer.Find(lines, index, ref addresses);
        if (addresses is { Count: 1 })
        {
            kept = addresses;
            (items ??= []).Add(addresses[0]);
        }
        else if (addresses is not null)
        {
            foreach (var a in addresses.OrderByDescending(a => a.Length))
            {
                if (!(kept ??= []).Exists(k => k.Start < a.Start + a.Length && a.Start < k.Start + k.Length))
                {
                    kept.Add(a);
                    (items ??= []).Add(a);
                }
            }
        }
        var found = phones.Find(line.Content, line.ContentStart, context.Japanese, context.PhoneMatches);
        for (var i = 0; i < found.Count; i++)
        {
            // Postal codes inside an address are not phone numbers.
            var phone = found[i];
            if (kept is null || !kept.Exists(k => k.Start <= phone.Start && phone.Start < k.Start + k.Length))
            {
                (items ??= []).Add(phone);
            }
        }
        return items ?? NoItems;
    }

    /// <summary>What every line of a segment is read with.</summary>
    /// <param name="Japanese">National numbers in the segment are read as Japanese first.</param>
    /// <param name="PhoneMatches">The message's libphonenumber matches so far.</param>
    /// <param name="Spans">The name spans of the line being read, cleared for each line.</param>
    private readonly record struct Context(bool Japanese, PhoneMatches PhoneMatches, List<(int Start, int Length)> Spans);
}
