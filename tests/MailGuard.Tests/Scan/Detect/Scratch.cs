using MailGuard.Scan.Detect;
namespace MailGuard.Tests.Scan.Detect;
public sealed class Scratch
{
    [Test]
    public void Phones()
    {
        var r = new PhoneRecognizer(["JP", "US", "GB", "AU"]);
        foreach (var s in new[] { "06-0000-6872", "TEL 06-0000-6872", "電話 06-0000-6872", "03-0000-8561" })
        {
            var util = PhoneNumbers.PhoneNumberUtil.GetInstance();
            foreach (var reg in new[] { "JP", "US", "GB", "AU" })
            {
                foreach (var m in util.FindNumbers(s, reg, PhoneNumbers.PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue))
                {
                    TestContext.Out.WriteLine($"{s} {reg}: raw={m.RawString} nat={util.Format(m.Number, PhoneNumbers.PhoneNumberFormat.NATIONAL)} intl={util.Format(m.Number, PhoneNumbers.PhoneNumberFormat.INTERNATIONAL)}");
                }
            }
            TestContext.Out.WriteLine($"{s} => {string.Join(",", r.Find(s).Select(x => x.Value))}");
        }
        Assert.That(r, Is.Not.Null);
    }
}
