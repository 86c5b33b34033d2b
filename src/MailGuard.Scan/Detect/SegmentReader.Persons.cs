using MailGuard.Core;
using MailGuard.Scan.Extract;

namespace MailGuard.Scan.Detect;

/// <summary>Whose a block's items and names are: the block's own person, one person per line of a list, the writer.</summary>
internal sealed partial class SegmentReader
{
    // Who the block's items and names belong to: one person per line of a list, else the block's own person.
    private static void AddBlock(
        TextSegment segment, List<Line> lines, int first, int last, MailboxRef? writer, PersonBook book,
        List<(int Line, List<DetectedItem> Items)> perLine, List<(int Line, DetectedItem Item)> names, int emailLines)
    {
        if (emailLines >= 2)
        {
            // A list: every line with an address is a person of its own. perLine has the lines with items only.
            var next = 0;
            for (var lineIndex = first; lineIndex <= last; lineIndex++)
            {
                var items = next < perLine.Count && perLine[next].Line == lineIndex ? perLine[next++].Items : NoItems;
                if (HasEmail(items) || HasNameOn(names, lineIndex))
                {
                    var person = AddNames(segment, book, book.Create(), names, lineIndex);
                    AddItems(segment, book, person, items);
                }
                else if (items.Count > 0)
                {
                    AddItems(segment, book, WriterOrNew(book, writer), items);
                }
            }
            return;
        }
        var count = 0;
        var anyEmail = false;
        foreach (var (_, items) in perLine)
        {
            count += items.Count;
            anyEmail |= HasEmail(items);
        }
        // Names on the first line that has one are the block's person ("吉田 由美 / Yumi Yoshida");
        // a name further down is somebody else mentioned in the block.
        var firstNameLine = names.Count > 0 ? names[0].Line : -1;
        var hasOwner = names.Count > 0 || anyEmail;
        var owner = AddNames(segment, book, hasOwner ? book.Create() : WriterOrNew(book, writer), names, firstNameLine);
        foreach (var (_, items) in perLine)
        {
            owner = AddItems(segment, book, owner, items);
        }
        foreach (var other in names)
        {
            if (other.Line != firstNameLine)
            {
                AddName(segment, book, book.Create(), other.Item);
            }
        }
        if (hasOwner && last - first >= 2 && last - first < MaxBlockLines && count >= 2)
        {
            // The block as a whole: a signature bundles a person's data.
            var blockStart = lines[first].ContentStart;
            Add(owner, segment, FindingKind.Signature, blockStart, lines[last].ContentEnd - blockStart, "");
        }
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

    private static bool HasNameOn(List<(int Line, DetectedItem Item)> names, int line)
    {
        foreach (var name in names)
        {
            if (name.Line == line)
            {
                return true;
            }
        }
        return false;
    }

    // Greeting and closing lines: "山田様" names somebody addressed (a person of their own, a party when they match
    // one); "…の田中です" and the name under "Regards," name the section's writer. Names the block already has are skipped.
    private static void ReadGreetings(TextSegment segment, List<Line> lines, int first, int last, MailboxRef? writer, PersonBook book, List<(int Line, DetectedItem Item)> names)
    {
        for (var i = first; i <= last; i++)
        {
            var line = lines[i];
            if (GreetingNameRecognizer.FindGreeting(line.Content) is { } greeting && !Known(names, i, line, greeting))
            {
                AddName(segment, book, book.Create(), Item(line, greeting));
            }
            if (GreetingNameRecognizer.FindSelfIntroduction(line.Content) is { } intro && !Known(names, i, line, intro))
            {
                AddName(segment, book, WriterOrNew(book, writer), Item(line, intro));
            }
            if (i < last && GreetingNameRecognizer.IsClosing(line.Content)
                && GreetingNameRecognizer.FindClosingName(lines[i + 1].Content) is { } signed && !Known(names, i + 1, lines[i + 1], signed))
            {
                AddName(segment, book, WriterOrNew(book, writer), Item(lines[i + 1], signed));
            }
        }
    }

    private static DetectedItem Item(Line line, (int Start, int Length) span) =>
        new(FindingKind.Person, line.ContentStart + span.Start, span.Length, line.Content.Substring(span.Start, span.Length));

    private static bool Known(List<(int Line, DetectedItem Item)> names, int lineIndex, Line line, (int Start, int Length) span)
    {
        var start = line.ContentStart + span.Start;
        foreach (var n in names)
        {
            if (n.Line == lineIndex && n.Item.Start < start + span.Length && start < n.Item.Start + n.Item.Length)
            {
                return true;
            }
        }
        return false;
    }

    private static Person WriterOrNew(PersonBook book, MailboxRef? writer) => writer is null ? book.Create() : book.For(writer);

    // The names found on one line of a block, in the order found.
    private static Person AddNames(TextSegment segment, PersonBook book, Person person, List<(int Line, DetectedItem Item)> names, int line)
    {
        foreach (var name in names)
        {
            if (name.Line == line)
            {
                person = AddName(segment, book, person, name.Item);
            }
        }
        return PersonBook.Root(person);
    }

    private static Person AddName(TextSegment segment, PersonBook book, Person person, DetectedItem name)
    {
        person = book.AddName(person, name.Value, out var canonical);
        Add(person, segment, FindingKind.Person, name.Start, name.Length, canonical);
        return PersonBook.Root(person);
    }

    private static Person AddItems(TextSegment segment, PersonBook book, Person person, List<DetectedItem> items)
    {
        foreach (var item in items)
        {
            if (item.Kind == FindingKind.Email)
            {
                person = book.AddEmail(person, item.Value);
            }
            Add(person, segment, item.Kind, item.Start, item.Length, item.Value);
        }
        return PersonBook.Root(person);
    }

    private static void Add(Person person, TextSegment segment, string kind, int start, int length, string value) =>
        PersonBook.Root(person).AddEvidence(new Evidence(kind, segment.Text.OriginalOf(start, length), value, segment.Location));
}
