using MailGuard.Scan.Detect;
using PhoneNumbers;

namespace MailGuard.Tests.Scan.Detect;

public sealed class PhoneRegionGateTests
{
    private static readonly string[] Regions = ["JP", "US", "GB", "AU"];

    [TestCase("JP")]
    [TestCase("GB")]
    [TestCase("AU")]
    public void No_national_number_of_a_possible_length_is_below_the_gate(string region)
    {
        var desc = PhoneNumberUtil.GetInstance().GetMetadataForRegion(region).GeneralDesc;
        var gate = PhoneRegionGate.For(region);

        Assert.That(gate.MinDigits, Is.LessThanOrEqualTo(desc.PossibleLengthList.Concat(desc.PossibleLengthLocalOnlyList).Min()));
    }

    [TestCase("JP")]
    [TestCase("GB")]
    [TestCase("AU")]
    public void A_run_is_handed_over_from_the_gates_length_and_not_below_it(string region)
    {
        var gate = PhoneRegionGate.For(region);
        var atBoundary = "Tel 0" + new string('5', gate.MinDigits - 1) + " x";
        var below = "Tel 0" + new string('5', gate.MinDigits - 2) + " x";

        Assert.That(gate.MayAccept(RunShape.Of(atBoundary, 4, gate.MinDigits)), Is.True);
        Assert.That(gate.MayAccept(RunShape.Of(below, 4, gate.MinDigits - 1)), Is.False);
    }

    [Test]
    public void Japan_counts_its_international_prefix_010_as_a_way_to_a_national_match()
    {
        // 010, then a country code and a national number: shorter than Japan's shortest national number (8).
        Assert.That(PhoneRegionGate.For("JP").MinDigits, Is.LessThan(8));
    }

    [Test]
    public void Nanp_needs_ten_digits_as_its_metadata_says()
    {
        var lengths = PhoneNumberUtil.GetInstance().GetMetadataForRegion("US").GeneralDesc.PossibleLengthList;
        var gate = PhoneRegionGate.For("US");

        Assert.That(lengths.Max(), Is.EqualTo(PhoneRegionGate.NanpNationalLength));
        Assert.That(gate.MayAccept(RunShape.Of("212 555 014", 0, 11)), Is.False);
        Assert.That(gate.MayAccept(RunShape.Of("212 555 0147", 0, 12)), Is.True);
    }

    [TestCase("03-0000-7123", false)]
    [TestCase("07700 900123", false)]
    [TestCase("020 7946 0958", false)]
    [TestCase("0312 555 0147", false)]
    [TestCase("(312) 555-0182", true)]
    [TestCase("1-212-555-0153", true)]
    [TestCase("+81 3-0000-7123", true)]
    public void Nanp_needs_its_ten_digits_from_a_group_that_does_not_start_with_zero(string run, bool handedOver)
    {
        Assert.That(PhoneRegionGate.For("US").MayAccept(RunShape.Of(run, 0, run.Length)), Is.EqualTo(handedOver));
    }

    [TestCase("2025-05-20", false)]
    [TestCase("4600-0008", false)]
    [TestCase("20-05 1234 5678", true)]
    [TestCase("+44 20 7946 0958", true)]
    [TestCase("05-20", false)]
    public void A_group_must_start_with_the_trunk_zero_unless_the_run_has_a_plus(string run, bool handedOverInJapan)
    {
        Assert.That(PhoneRegionGate.For("JP").MayAccept(RunShape.Of(run, 0, run.Length)), Is.EqualTo(handedOverInJapan));
    }

    [TestCase("103-0027", "GB", false)]
    [TestCase("530-0001", "AU", false)]
    [TestCase("0 0027 3456", "GB", false)]
    [TestCase("0 312 3456", "GB", true)]
    [TestCase("060-0005", "GB", true)]
    [TestCase("(0)0 312 3456", "GB", true)]
    public void A_national_match_cannot_start_with_00(string run, string region, bool handedOver)
    {
        Assert.That(PhoneRegionGate.For(region).MayAccept(RunShape.Of(run, 0, run.Length)), Is.EqualTo(handedOver));
    }

    [Test]
    public void A_zero_inside_a_group_does_not_start_one()
    {
        var shape = RunShape.Of("ref 2025-1005-2011", 4, 14);

        Assert.That(shape.DigitsFromZeroGroup, Is.Zero);
    }

    [TestCase("JP")]
    [TestCase("US")]
    [TestCase("GB")]
    [TestCase("AU")]
    [TestCase("")]
    public void Gated_and_ungated_recognizers_find_the_same_numbers(string only)
    {
        string[] regions = only.Length == 0 ? Regions : [only];
        var gated = new PhoneRecognizer(regions);
        var ungated = new PhoneRecognizer(regions, gated: false);
        var anyFound = 0;
        foreach (var line in Lines())
        {
            foreach (var japanese in new[] { false, true })
            {
                var expected = ungated.Find(line, 0, japanese).Select(i => (i.Start, i.Length, i.Value)).ToList();
                var actual = gated.Find(line, 0, japanese).Select(i => (i.Start, i.Length, i.Value)).ToList();
                Assert.That(actual, Is.EqualTo(expected), line);
                anyFound += expected.Count;
            }
        }
        // The lines hold numbers of every shape, so the comparison is not only over empty results.
        Assert.That(anyFound, Is.GreaterThan(5));
    }

    // Runs of two to four digit groups of one to six digits, led by 0, 1, 2, 5, 7 or 9, with the separators people
    // write, after a context word or none: dates, codes and phone numbers of every length around the gates' bounds.
    private static IEnumerable<string> Lines()
    {
        string[] written =
        [
            "TEL: 03-0000-7123 FAX: 03-0000-7101", "携帯: 090-0000-3412", "011(000)5566", "(312) 555-0182", "M: 917.555.0162",
            "Mobile: 07700 900123", "Mob: 0491 570 157", "06-0000-6872", "0120-000-123", "075-000-8899", "0467-00-1234",
            "Tel 1-212-555-0153", "phone 0000 1234", "tel 0312345678", "Tel: 020 7946 0958", "(02) 5550 9876", "010 44 20 7946 0958",
            "Tel: 44 (0)20 7946 0958", "Tel 0 (0)3 1234 5678", "〒103-0027 東京都中央区", "phone 0027 1234 567", "tel 00 312 3456 789",
            "Tel 0 0312 3456", "tel (0)0312 345 678",
        ];
        foreach (var line in written)
        {
            yield return line;
        }
        var random = new Random(7);
        string[] leads = ["", "Tel: ", "ref ", "電話 ", "No. ", "M: "];
        string[] separators = ["-", " ", ".", "/", "-", " "];
        char[] firsts = ['0', '0', '0', '1', '2', '5', '7', '9'];
        for (var n = 0; n < 1500; n++)
        {
            var builder = new System.Text.StringBuilder(leads[random.Next(leads.Length)]);
            var groups = random.Next(1, 5);
            var separator = separators[random.Next(separators.Length)];
            for (var g = 0; g < groups; g++)
            {
                if (g > 0)
                {
                    builder.Append(separator);
                }
                var length = random.Next(1, 7);
                builder.Append(g == 0 || random.Next(4) == 0 ? firsts[random.Next(firsts.Length)] : (char)('0' + random.Next(10)));
                for (var d = 1; d < length; d++)
                {
                    builder.Append((char)('0' + random.Next(10)));
                }
            }
            if (random.Next(6) == 0)
            {
                builder.Insert(builder.Length > 6 ? 6 : 0, "(0)");
            }
            yield return builder.ToString();
        }
    }
}
