using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

/// <summary>
/// The in-place forms of name look-ups give what the long forms give: a fit without the spellings' strings, the
/// dictionary's first- and last-character sets, header keys without a lower-case copy, the default writer.
/// </summary>
public sealed class NameLookupTests
{
    private static readonly string[] LocalParts =
        ["k.mori", "kenichi.mori", "kmori", "mori.kenichi", "morik", "mori", "h-sato", "hanako.sato", "satou.hanako", "lena.park", "l-park", "info", "yuichi.ito", "d.ito"];

    [TestCase("Kenichi Mori")]
    [TestCase("  Mori   Kenichi ")]
    [TestCase("Dr. Kenichi Mori")]
    [TestCase("Kenichi O'Mori-Smith")]
    [TestCase("Lena Park")]
    [TestCase("Lena")]
    [TestCase("森 健一")]
    [TestCase("佐藤　花子")]
    [TestCase("伊藤 大輔")]
    [TestCase("伊藤 裕一")]
    [TestCase("Ｍｏｒｉ Kenichi")]
    [TestCase("Kenichi\tMori")]
    public void A_fit_in_place_is_the_fit_of_the_spellings(string name)
    {
        foreach (var local in LocalParts)
        {
            var letters = new List<string> { NameSpellings.LettersOf(local) };
            var expected = NameSpellings.Of(name).Any(n => NameSpellings.FitsLocalPart(n, local));
            Assert.That(NameSpellings.FitsAny(name, letters), Is.EqualTo(expected), $"{name} ~ {local}");
        }
    }

    [Test]
    public void A_fit_needs_a_local_part()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NameSpellings.FitsAny("Kenichi Mori", []), Is.False);
            Assert.That(NameSpellings.FitsAny("Kenichi Mori", [NameSpellings.LettersOf("x"), NameSpellings.LettersOf("k.mori")]), Is.True);
        });
    }

    [TestCase("佐藤 花子", true)]
    [TestCase("佐藤花子", true)]
    [TestCase("森 健一", true)]
    [TestCase("佐藤 部長", false)]
    [TestCase("株式会社", false)]
    [TestCase("見積書 送付", false)]
    [TestCase("", false)]
    [TestCase("Kenichi Mori", false)]
    public void Japanese_names_are_found_through_the_character_sets(string text, bool expected)
    {
        Assert.That(PersonNameRecognizer.IsJapaneseName(text), Is.EqualTo(expected));
    }

    [Test]
    public void The_dictionary_answers_for_spans_as_for_strings()
    {
        var dictionary = JapaneseNameDictionary.Instance;
        Assert.Multiple(() =>
        {
            foreach (var word in new[] { "佐藤", "花子", "森", "健一", "株式", "", "x", "佐" })
            {
                Assert.That(dictionary.IsSurname(word.AsSpan()), Is.EqualTo(dictionary.SurnameReadings(word).Count > 0), word);
                Assert.That(dictionary.IsGivenName(word.AsSpan()), Is.EqualTo(dictionary.GivenNameReadings(word).Count > 0), word);
            }
        });
    }

    [TestCase("FROM: Kenji Mori <k.mori@example.jp>\nCC: ops@example.com", 2)]
    [TestCase("Sender: Kenji Mori <k.mori@example.jp>\nReply-To: ops@example.com", 2)]
    [TestCase("送信者: 森 健一 <k.mori@example.jp>\nＣＣ: ops@example.com", 2)]
    [TestCase("ſender: Kenji Mori <k.mori@example.jp>\nTo: ops@example.com", 0)]
    public void Header_keys_are_compared_ignoring_case(string text, int headers)
    {
        Assert.That(ThreadStructure.Analyse(text, null).HeaderLines, Has.Count.EqualTo(headers));
    }

    [Test]
    public void A_signature_address_is_no_attribution_but_one_ending_in_a_colon_is()
    {
        var thread = ThreadStructure.Analyse("Kenji Mori <k.mori@example.jp>\nOn Monday, Kenji Mori <k.mori@example.jp> wrote :\n> quoted", null);
        Assert.That(thread.Kinds, Is.EqualTo(new[] { LineKind.Text, LineKind.Attribution, LineKind.Text }));
    }

    [Test]
    public void Lines_before_any_header_have_the_segment_writer_at_depth_zero()
    {
        var writer = new MailboxRef("Sender", "sender@example.com");
        var thread = ThreadStructure.Analyse("Hello\n> earlier\n\nFrom: Kenji Mori <k.mori@example.jp>\nTo: ops@example.com\n\nbody", writer);
        Assert.Multiple(() =>
        {
            Assert.That(thread.WriterOf(0), Is.SameAs(writer));
            Assert.That(thread.WriterOf(1), Is.Null);
            Assert.That(thread.WriterOf(3)?.Address, Is.EqualTo("k.mori@example.jp"));
            Assert.That(thread.WriterOf(6)?.Address, Is.EqualTo("k.mori@example.jp"));
        });
        var plain = ThreadStructure.Analyse("Hello\n> earlier", writer);
        Assert.That(new[] { plain.WriterOf(0), plain.WriterOf(1) }, Is.EqualTo(new[] { writer, null }));
    }

    [TestCase("田中 一郎 (たなか いちろう)", "田中 一郎")]
    [TestCase("Kenji Mori (Sales) | Lena Park (Ops)", "Kenji Mori|Lena Park")]
    public void Readings_in_parentheses_are_blanked(string line, string expected)
    {
        var found = PersonNameRecognizer.FindInContactLine(line).Select(f => line.Substring(f.Start, f.Length));
        Assert.That(found, Is.EqualTo(expected.Split('|')));
    }
}
