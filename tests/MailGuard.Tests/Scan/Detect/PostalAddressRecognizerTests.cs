using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

public sealed class PostalAddressRecognizerTests
{
    private static List<string> Found(string text)
    {
        var normalized = NormalizedText.From(text);
        var lines = SegmentLines.Split(normalized.Normalized);
        var items = lines.SelectMany((_, i) => JapaneseAddressRecognizer.Find(lines, i).Concat(WesternAddressRecognizer.Find(lines, i)));
        return [.. items.Select(i => normalized.OriginalOf(i.Start, i.Length))];
    }

    [Test]
    public void JapaneseAddressWithCodeAndBuilding()
    {
        Assert.That(Found("〒530-0001 大阪府大阪市北区梅田9-8-7 かえで梅田ビル5F"),
            Is.EqualTo(new[] { "〒530-0001 大阪府大阪市北区梅田9-8-7 かえで梅田ビル5F" }));
    }

    [Test]
    public void JapaneseAddressWrappedOverLines()
    {
        var found = Found("〒150-0001\n東京都渋谷区神宮前9-8-7\n　　　サンプル表参道ビル3F");
        Assert.That(found, Has.Some.Contains("〒150-0001").And.Contains("神宮前9-8-7").And.Contains("表参道ビル3F"));
    }

    [TestCase("京都府京都市下京区長刀鉾町999番地 にじいろビル6F", "京都府京都市下京区長刀鉾町999番地")]
    [TestCase("北海道札幌市中央区北五条西9-9-9", "北海道札幌市中央区北五条西9-9-9")]
    [TestCase("455 Lakeshore Blvd, Chicago, IL 60611", "455 Lakeshore Blvd, Chicago, IL 60611")]
    [TestCase("12 Wharf Street, Salem, MA 01970", "Salem, MA 01970")]
    [TestCase("Unit 4, 27 Mill Road\nCambridge CB1 2AD, United Kingdom", "27 Mill Road")]
    [TestCase("3 Quay Road, Bristol BS1 4QA", "Bristol BS1 4QA")]
    [TestCase("Level 5, 100 George Street\nSydney NSW 2000", "Sydney NSW 2000")]
    [TestCase("9-9-9 Nihonbashi, Chuo-ku, Tokyo 103-0027, Japan", "Tokyo 103-0027")]
    [TestCase("Suite 200, 1 Main St, Boston MA 02116", "Suite 200, 1 Main St, Boston MA 02116")]
    [TestCase("88 Harbor Drive Portland ME 04101", "88 Harbor Drive Portland ME 04101")]
    [TestCase("大阪市北区梅田9-1-1 梅田サンプルビル3階", "大阪市北区梅田9-1-1 梅田サンプルビル3階")]
    [TestCase("〒460-0008\n名古屋市中区栄九丁目2番1号", "名古屋市中区栄九丁目2番1号")]
    public void FindsAddresses(string text, string expected)
    {
        Assert.That(Found(text), Has.Some.Contains(expected));
    }

    [TestCase("Meeting ID 84555, passcode 0199")]
    [TestCase("Boston MA 02116")]
    [TestCase("Invoice 2025 PO 45001 approved")]
    [TestCase("大阪市内の物流拠点を見直します。")]
    [TestCase("横浜市と川崎市の市場規模は2025年に拡大")]
    [TestCase("大阪市北区の会場です。")]
    public void NoAddressWithoutItsStreetOrWardAndNumber(string text)
    {
        Assert.That(Found(text), Is.Empty);
    }

    // Every city of the Latin-script Japanese form, bare and with each suffix: the cheap test before the full pattern
    // looks at how the name ends, so it must let each of them through.
    [Test]
    public void FindsEveryLatinJapaneseCity(
        [Values("Tokyo", "Osaka", "Kyoto", "Hokkaido", "Aichi", "Kanagawa", "Saitama", "Chiba", "Hyogo", "Fukuoka", "Nagoya",
            "Yokohama", "Sapporo", "Kobe", "Sendai", "Hiroshima", "Kawasaki", "Kitakyushu")] string city,
        [Values("", "-to", "-fu", "-ken", "-shi")] string suffix)
    {
        var line = $"9-9-9 Chuo, {city}{suffix},  530-0001";
        Assert.That(Found(line), Is.EqualTo(new[] { $"{city}{suffix},  530-0001" }));
    }

    [TestCase("型番 103-0027 と 150-0001-A の在庫")]
    [TestCase("Phone 555-0147, mobile 555-0199")]
    [TestCase("Northgate Components Ltd CB1 2AD")]
    [TestCase("order 88412 shipped May 19")]
    [TestCase("東京都の天気は晴れ")]
    public void IgnoresLookAlikes(string text)
    {
        Assert.That(Found(text), Is.Empty);
    }

    // The value an address is compared and reported by: Western words lower case with one space between them (white
    // space and commas are no part of it), the street line above joined on; Japanese without any white space.
    [TestCase("455 Lakeshore Blvd,  Chicago,\tIL 60611", "455 lakeshore blvd chicago il 60611")]
    [TestCase("Level 5, 100 George Street\nSydney NSW 2000", "level 5 100 george street sydney nsw 2000")]
    [TestCase("Unit 4, 27 Mill Road,\nCambridge CB1 2AD", "unit 4 27 mill road cambridge cb1 2ad")]
    [TestCase("〒530-0001 大阪府大阪市北区梅田9-8-7 かえで梅田ビル5F", "〒530-0001大阪府大阪市北区梅田9-8-7")]
    [TestCase("〒 150-0001\n東京都渋谷区神宮前9-8-7\n  表参道ビル3F", "〒150-0001東京都渋谷区神宮前9-8-7")]
    public void GivesTheCanonicalValue(string text, string expected)
    {
        var lines = SegmentLines.Split(NormalizedText.From(text).Normalized);
        var values = lines.SelectMany((_, i) => JapaneseAddressRecognizer.Find(lines, i).Concat(WesternAddressRecognizer.Find(lines, i)))
            .Select(i => i.Value);
        Assert.That(values, Has.Member(expected));
    }
}
