using MailGuard.Core;

namespace MailGuard.Tests.Core;

public sealed class OrganizationOptionsTests
{
    private static readonly OrganizationOptions Organization = new() { InternalDomains = ["example.com", " Sakura-Trading.example. "] };

    [TestCase("alice@example.com")]
    [TestCase("Alice@EXAMPLE.COM")]
    [TestCase("alice@mail.example.com")]
    [TestCase("alice@example.com.")]
    [TestCase("<alice@example.com>")]
    [TestCase("\"odd@name\"@example.com")]
    [TestCase("example.com")]
    [TestCase(" mail.example.com ")]
    [TestCase("d.ito@sakura-trading.example")]
    [TestCase("d.ito@tokyo.SAKURA-TRADING.example")]
    public void An_address_or_domain_at_or_below_an_internal_domain_is_internal(string address) =>
        Assert.That(Organization.IsInternal(address), Is.True);

    [TestCase("alice@notexample.com")]
    [TestCase("alice@example.com.evil.example")]
    [TestCase("alice@example.co")]
    [TestCase("example.com@partner.example")]
    [TestCase("alice@")]
    [TestCase("")]
    [TestCase("sakura-trading.example.jp")]
    public void Anything_else_is_external(string address) =>
        Assert.That(Organization.IsInternal(address), Is.False);
}
