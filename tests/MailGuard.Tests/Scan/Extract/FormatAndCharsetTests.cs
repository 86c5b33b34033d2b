using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Extract;

/// <summary>Charsets, HTML and attachment formats of the committed fixtures.</summary>
public sealed class FormatAndCharsetTests
{
    private static ExtractionResult Extract(string fixture) =>
        new MessageExtractor().Extract(Path.Combine(CorpusPaths.Fixtures, fixture), CancellationToken.None);

    private static string Text(ExtractionResult result, string location, SegmentRole role) =>
        result.Segments.Single(s => s.Location == location && s.Role == role).Text.Original;

    [TestCase("charset_sjis_nec.eml", "㈱かえで電機 ①発注")]
    [TestCase("charset_sjis_nec.eml", "佐藤 花子 ０５２－０００－１２３４")]
    [TestCase("charset_iso2022jp_unlabeled.eml", "㈱ Sakura ① 山田 太郎")]
    [TestCase("charset_eucjp.eml", "担当: 森 健一")]
    [TestCase("charset_utf16.eml", "Jürgen Weiß, 07700 900123")]
    [TestCase("charset_western.eml", "Brigitte Müller")]
    [TestCase("charset_western.eml", "“Price” € 120 – Zoë Dupont")]
    [TestCase("charset_western.eml", "Total 99 €")]
    [TestCase("charset_mislabeled.eml", "高橋 誠 makoto@example.jp")]
    [TestCase("charset_mislabeled.eml", "渡辺 直樹")]
    public void Charset_decodes_to_the_written_text(string fixture, string expected)
    {
        var result = Extract(fixture);
        Assert.That(result.Segments.Select(s => s.Text.Original), Has.Some.Contains(expected));
        Assert.That(result.Problems, Is.Empty);
    }

    [Test]
    public void Full_width_digits_are_normalised_for_detection()
    {
        var body = Extract("charset_sjis_nec.eml").Segments.Single(s => s.Location == "body");
        Assert.That(body.Text.Normalized, Does.Contain("052-000-1234").And.Contain("(株)"));
    }

    [TestCase("charset_unknown.eml", "unknown charset \"x-unheard-of-42\"")]
    [TestCase("charset_utf7.eml", "UTF-7 text is not decoded")]
    public void Undecodable_charset_is_a_problem(string fixture, string reason) =>
        Assert.That(Extract(fixture).Problems, Has.Some.Matches<ExtractionProblem>(p => p.Location == "body" && p.Reason.StartsWith(reason, StringComparison.Ordinal)));

    [Test]
    public void Html_keeps_lines_cells_hidden_text_and_mailto_but_not_script_or_style()
    {
        var text = Text(Extract("html_signature.eml"), "body", SegmentRole.Authored);
        Assert.That(text.Split('\n'), Does.Contain("Aisha Karim\t+44 20 7946 0321"));
        Assert.That(text.Split('\n'), Does.Contain("Emily Carter").And.Contain("Sales Director"));
        Assert.That(text, Does.Contain("Laura Kim <laura.kim@summitridge.example.com>"));
        Assert.That(text, Does.Contain("Hidden: Tom Fischer tom.fischer@harborline.example.net"));
        Assert.That(text, Does.Contain("Dear Ms. Kim,\nplease find the quote & terms below."));
        Assert.That(text, Does.Not.Contain("secret").And.Not.Contain("color").And.Not.Contain("comment"));
    }

    [Test]
    public void Text_attachments_become_cards_tables_and_documents()
    {
        var result = Extract("attach_text_formats.eml");
        Assert.That(Text(result, "attachment:contacts.vcf/card[1]", SegmentRole.Card), Does.Contain("FN: Grace Lindqvist").And.Contain("TEL: (608) 555-0190"));
        Assert.That(Text(result, "attachment:contacts.vcf/card[2]", SegmentRole.Card), Does.Contain("N: 佐藤 花子"), "vCard 2.1 quoted-printable Shift_JIS");
        Assert.That(Text(result, "attachment:list.csv", SegmentRole.Table).Split('\n'),
            Does.Contain("Samuel Achebe\tsamuel.achebe@example.org\tsays \"hi\", twice").And.Contain("Emma Whitfield\temma.whitfield@example.org\tline one line two"));
        Assert.That(Text(result, "attachment:visit.ics", SegmentRole.Document), Does.Contain("Call Kevin at 512-555-0176, gate code"));
        Assert.That(Text(result, "attachment:notes.txt", SegmentRole.Document), Is.EqualTo("Notes: Natalie Brooks-Hale 503.555.0139"));
    }

    [Test]
    public void Documents_and_archives_are_read_with_path_locations()
    {
        var result = Extract("attach_documents.eml");
        Assert.That(Text(result, "attachment:minutes.docx/table[1]", SegmentRole.Table), Is.EqualTo("Name\tPhone\nKevin Ortiz\t512-555-0176"));
        Assert.That(Text(result, "attachment:顧客一覧.xlsx/顧客一覧", SegmentRole.Table), Does.Contain("Michael Turner\tmichael.turner@example.org\t(614) 555-0112"));
        Assert.That(Text(result, "attachment:attendees.pdf/page[1]", SegmentRole.Document), Does.Contain("laura.kim@summitridge.example.com"));
        Assert.That(Text(result, "attachment:bundle.zip/inner.zip/deep/contacts.csv", SegmentRole.Table), Does.Contain("Samuel Achebe"));
        Assert.That(Text(result, "attachment:bundle.zip/顧客/メモ.txt", SegmentRole.Document), Is.EqualTo("担当 後藤 剛"));
        Assert.That(result.Segments.First(s => s.Location == "attachment:saved.eml/body").Text.Original, Is.EqualTo("Pickup at 10:00."), ".eml sent as octet-stream");
        Assert.That(result.Segments.Where(s => s.Role == SegmentRole.FileName).Select(s => s.Text.Original), Does.Contain("logo.png"));
        Assert.That(result.Problems.Select(p => (p.Location, p.Reason.Split(' ')[0])), Is.EquivalentTo(new[]
        {
            ("attachment:locked.zip", "encrypted"),
            ("attachment:broken.docx", "broken.docx"),
        }));
    }
}
