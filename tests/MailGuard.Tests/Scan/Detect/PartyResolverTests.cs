using MailGuard.Core;
using MailGuard.Scan.Detect;
using MailGuard.Scan.Extract;

namespace MailGuard.Tests.Scan.Detect;

public sealed class PartyResolverTests
{
    private static PartyResolver Resolver() => new(
        new MessageParties("anna.lee@hikari-sangyo.example", ["tom.baker@clearwater.example.com"],
            [new MailboxRef("Anna Lee", "anna.lee@hikari-sangyo.example"), new MailboxRef("Tom Baker", "tom.baker@clearwater.example.com")]),
        new OrganizationOptions { InternalDomains = ["hikari-sangyo.example"] },
        PartyResolver.RoleMailboxSet(DetectOptions.DefaultRoleMailboxes));

    private static Person PersonWith(string? name, params string[] emails)
    {
        var person = new Person();
        if (name is not null)
        {
            person.AddName(name, PersonNameRecognizer.Canonical(name));
        }
        foreach (var email in emails)
        {
            person.AddEmail(email);
        }
        return person;
    }

    [TestCase("info@harborview-center.example.com")]
    [TestCase("Support@vendor.example")]
    public void AnOutsideRoleMailboxAloneIsAnOrganisationNotJudged(string address)
    {
        Assert.That(Resolver().IsParty(PersonWith(null, address)), Is.Null);
    }

    [Test]
    public void AnOutsidePersonalMailboxIsAThirdParty()
    {
        Assert.That(Resolver().IsParty(PersonWith(null, "laura.chen@harborview-center.example.com")), Is.False);
    }

    [Test]
    public void ANamedPersonWithAnOutsideRoleMailboxIsStillJudged()
    {
        Assert.That(Resolver().IsParty(PersonWith("Laura Chen", "info@harborview-center.example.com")), Is.False);
    }

    [Test]
    public void ARoleMailboxBesideAPersonalOneDoesNotHideIt()
    {
        Assert.That(Resolver().IsParty(PersonWith(null, "info@harborview-center.example.com", "laura.chen@harborview-center.example.com")), Is.False);
    }

    [Test]
    public void ARoleMailboxAtARecipientsDomainIsAParty()
    {
        Assert.That(Resolver().IsParty(PersonWith(null, "billing@clearwater.example.com")), Is.True);
    }
}
