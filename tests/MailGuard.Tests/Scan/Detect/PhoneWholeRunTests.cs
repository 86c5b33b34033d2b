using System.Text;
using MailGuard.Scan.Detect;
using PhoneNumbers;

namespace MailGuard.Tests.Scan.Detect;

public sealed class PhoneWholeRunTests
{
    private static readonly string[] Regions = ["JP", "US", "GB", "DE", "AU", "IT"];

    [Test]
    public void Reading_a_run_whole_gives_what_the_matcher_gives_for_every_shape()
    {
        var decided = 0;
        var total = 0;
        foreach (var region in Regions)
        {
            foreach (var run in Written().Concat(Generated(region)))
            {
                var expected = Matcher(run, region);
                var actual = PhoneMatches.Read(run, region).Select(m => (m.Start, m.Length, m.RawString, m.Number)).ToList();
                Assert.That(actual, Is.EqualTo(expected), $"{region}: '{run}'");
                if (PhoneWholeRun.TryRead(run, region) is not null)
                {
                    decided++;
                }
                total++;
            }
        }
        // Most runs of a phone number's shape are read without the matcher, so the comparison covers that path.
        Assert.That(decided, Is.GreaterThan(total / 4));
    }

    [Test]
    public void A_run_of_digits_and_dashes_that_is_no_number_whole_has_none_inside()
    {
        var decidedNone = 0;
        foreach (var region in Regions)
        {
            foreach (var run in Written().Concat(Generated(region)))
            {
                if (PhoneWholeRun.TryRead(run, region, out var decided) is null && decided)
                {
                    Assert.That(Matcher(run, region), Is.Empty, $"{region}: '{run}'");
                    decidedNone++;
                }
            }
        }
        // Dates, order numbers and codes written with dashes take this path.
        Assert.That(decidedNone, Is.GreaterThan(50));
    }

    [Test]
    public void E164_written_in_place_is_libphonenumber_s()
    {
        var util = PhoneNumberUtil.GetInstance();
        var compared = 0;
        var leadingZeros = 0;
        foreach (var region in Regions)
        {
            foreach (var run in Written().Concat(Generated(region)).Concat(["+39 06 1234 5678", "+39 0039 123 4567", "+225 01 23 45 67 89", "+44 (0)20 7946 0958"]))
            {
                foreach (var read in PhoneMatches.Read(run, region))
                {
                    Assert.That(ReadNumber.E164(read.Number), Is.EqualTo(util.Format(read.Number, PhoneNumberFormat.E164)), $"{region}: '{run}'");
                    compared++;
                    leadingZeros += read.Number.NumberOfLeadingZeros > 0 ? 1 : 0;
                }
            }
        }
        Assert.That(compared, Is.GreaterThan(1000));
        Assert.That(leadingZeros, Is.GreaterThan(10));
    }

    [TestCase("555 0199 2211", "GB")]
    [TestCase("1 01 2345 6784", "GB")]
    [TestCase("32267-16424/09", "US")]
    public void A_run_the_matcher_may_find_a_number_inside_goes_to_it(string run, string region)
    {
        Assert.That(PhoneWholeRun.TryRead(run, region, out var decided), Is.Null);
        Assert.That(decided, Is.False);
        Assert.That(Matcher(run, region), Is.Not.Empty);
    }

    [TestCase("03-0000-7123")]
    [TestCase("+1 (212) 555-0153")]
    [TestCase("(03) 0000 7123")]
    [TestCase("+44 (0)20 7946 0958")]
    [TestCase("030/1234567")]
    [TestCase("917.555.0162")]
    public void A_written_number_is_one_candidate(string run)
    {
        Assert.That(PhoneWholeRun.IsOneCandidate(run), Is.True);
    }

    [TestCase("211-227 (2003)")]
    [TestCase("3/10/2011")]
    [TestCase("03 (0000 7123")]
    [TestCase("03) (0000) 7123")]
    [TestCase("030 () 1234")]
    [TestCase("03-0000-7123~7125")]
    [TestCase("03\t0000 7123")]
    [TestCase("03 -- -- 0000")]
    [TestCase("０３-００００-７１２３")]
    [TestCase("03-0000-7123 03-0000-7101 0")]
    [TestCase("03-0000-7123-")]
    public void A_run_the_matcher_might_cut_skip_or_reject_goes_to_the_matcher(string run)
    {
        Assert.That(PhoneWholeRun.IsOneCandidate(run), Is.False);
    }

    private static List<(int Start, int Length, string RawString, PhoneNumber Number)> Matcher(string run, string region) =>
        [.. PhoneNumberUtil.GetInstance().FindNumbers(run, region, PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue)
            .Select(m => (m.Start, m.Length, m.RawString, m.Number))];

    // Numbers as people write them in the regions above and internationally, with (0), brackets, dots, slashes,
    // extensions, two numbers in one run, and the shapes the matcher skips or cuts.
    internal static IEnumerable<string> Written() =>
    [
        "03-0000-7123", "090-0000-3412", "0120-000-123", "075-000-8899", "0467-00-1234", "(03) 0000 7123", "03 (0000) 7123",
        "+81 3-0000-7123", "+81 (0)3 0000 7123", "+81(0)3-0000-7123", "0081 3 0000 7123", "010 81 3 0000 7123",
        "(312) 555-0182", "312.555.0182", "1-212-555-0153", "+1 (212) 555-0153", "212/555-0153", "1 (212) 555 0153",
        "07700 900123", "020 7946 0958", "+44 20 7946 0958", "+44 (0)20 7946 0958", "(020) 7946 0958", "00 44 20 7946 0958",
        "030/12345678", "030 / 1234 5678", "0049 30 1234567", "+49 (0)30 1234-567", "089/1234/5678", "+49 30 12345-67",
        "(02) 5550 9876", "0491 570 157", "+61 2 5550 9876", "06 1234 5678", "+39 06 1234 5678", "02.1234.5678",
        "03-0000-7123 03-0000-7101", "020 7946 0958 / 020 7946 0959", "555-0100 555-0101", "0312345678 0312345679",
        "020 7946 0958 ext. 12", "(530) 583-6985 x302", "(530) 583-6985 x302/x2303", "03-0000-7123~7125", "212 555 0153#12",
        "03\t0000 7123", "211-227 (2003)", "12-345 (0)20 7946 0958", "3/10/2011", "31/10/96 0123 4567", "2012-01-02 08",
        "06 (0000) (6872)", "(0)3 0000 7123", "((03)) 0000 7123", "+(81) 3 0000 7123", "０３-００００-７１２３",
        "03-0000-7123-", "03 - - - - 0000 7123", "123456789012345678901234", "+81 3 0000 7123 4567 8901",
        "0 0027 3456", "0312 555 0147", "1-800-555-0199", "+1 800 555 0199", "+800 1234 5678", "+882 1234 5678",
    ];

    internal static IEnumerable<string> Generated(string region)
    {
        var random = new Random((region[0] << 8) + region[1]);
        string[] leads = ["", "", "", "+", "(", "+44 ", "+81 ", "+1 ", "+49 ", "0049 ", "+39 "];
        string[] separators = ["-", " ", ".", "/", " / ", ") ", " (0)", "-", " ", "  ", "(", ")"];
        char[] firsts = ['0', '0', '0', '1', '2', '3', '5', '7', '9'];
        for (var n = 0; n < 600; n++)
        {
            var builder = new StringBuilder(leads[random.Next(leads.Length)]);
            var groups = random.Next(1, 6);
            var separator = separators[random.Next(separators.Length)];
            for (var g = 0; g < groups; g++)
            {
                if (g > 0)
                {
                    builder.Append(random.Next(5) == 0 ? separators[random.Next(separators.Length)] : separator);
                }
                var length = random.Next(1, 7);
                builder.Append(g == 0 ? firsts[random.Next(firsts.Length)] : (char)('0' + random.Next(10)));
                for (var d = 1; d < length; d++)
                {
                    builder.Append((char)('0' + random.Next(10)));
                }
            }
            yield return builder.ToString();
        }
    }
}
