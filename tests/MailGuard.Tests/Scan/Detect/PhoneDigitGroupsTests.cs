using System.Text.RegularExpressions;
using MailGuard.Scan.Detect;
using PhoneNumbers;

namespace MailGuard.Tests.Scan.Detect;

public sealed partial class PhoneDigitGroupsTests
{
    [GeneratedRegex("[0-9]+")]
    private static partial Regex AsciiDigits();

    [Test]
    public void A_written_number_reads_as_its_groups_with_the_bracketed_trunk_zero_dropped()
    {
        Span<char> lead = stackalloc char[WrittenNumber.LeadLength];
        foreach (var raw in Samples())
        {
            // The reading as strings: "(0)" made a space, then the groups of digits.
            var cleaned = raw.Replace("(0)", " ", StringComparison.Ordinal).Trim();
            var groups = AsciiDigits().Matches(cleaned).Select(m => m.Value).ToList();
            var digits = string.Concat(groups);

            var written = WrittenNumber.Of(raw, lead);

            Assert.That(
                (written.International, written.Digits, written.Groups, written.First, written.Second, written.Third, written.Lead.ToString()),
                Is.EqualTo((cleaned.StartsWith('+'), digits.Length, groups.Count, LengthAt(groups, 0), LengthAt(groups, 1), LengthAt(groups, 2), digits[..Math.Min(digits.Length, WrittenNumber.LeadLength)])),
                raw);
        }
    }

    [Test]
    public void A_written_number_has_its_formatted_groups_when_their_lengths_agree_in_order()
    {
        var util = PhoneNumberUtil.GetInstance();
        var agreed = 0;
        foreach (var raw in Samples())
        {
            foreach (var match in util.FindNumbers(raw, "GB", PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue))
            {
                foreach (var format in new[] { PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL })
                {
                    var formatted = util.Format(match.Number, format);
                    var written = AsciiDigits().Matches(match.RawString.Replace("(0)", " ", StringComparison.Ordinal)).Select(m => m.Length).ToList();
                    var expected = AsciiDigits().Matches(formatted).Select(m => m.Length).ToList();
                    var same = expected.Count > 1 && written.SequenceEqual(expected);

                    var actual = PhoneDigitGroups.SameLengths(new(match.RawString, bracketedZeroIsDigit: false), new(formatted, bracketedZeroIsDigit: true));

                    Assert.That(actual, Is.EqualTo(same), $"'{match.RawString}' as '{formatted}'");
                    agreed += same ? 1 : 0;
                }
            }
        }
        Assert.That(agreed, Is.GreaterThan(10));
    }

    private static int LengthAt(List<string> groups, int index) => index < groups.Count ? groups[index].Length : 0;

    private static IEnumerable<string> Samples() =>
        PhoneWholeRunTests.Written().Concat(PhoneWholeRunTests.Generated("GB")).Concat(
        [
            "", "(0)", " (0)(0)+44 20 7946 0958", "((0)3 0000 7123", "0(0)0 1234", "+44(0)20(0)7946", "(0)+44 20", "(00) 1234 5678",
            "(0 20", "0)20", "+44 (0) 20 7946 0958", "(0)(0)", "１２３ 456",
        ]);
}
