using System.Net;
using MailGuard.Core;
using MailGuard.Receive;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Receive;

public sealed class RelayPolicyTests
{
    private static RelayPolicy Policy(Action<ReceiveOptions>? configure = null)
    {
        var options = new ReceiveOptions
        {
            AllowedNetworks = ["10.0.0.0/8", "2001:db8::/32"],
            TrustedProxies = ["192.0.2.1/32"],
            MaxMessageBytes = 1000,
        };
        configure?.Invoke(options);
        return new RelayPolicy(Options.Create(options), Options.Create(new OrganizationOptions { InternalDomains = ["example.com", "example.jp"] }));
    }

    private static string? Check(RelayPolicy policy, string client, string user, string host, bool authenticated = false, long size = 0) =>
        policy.CheckSender(IPAddress.Parse(client), authenticated, user, host, size)?.Message;

    [TestCase("10.1.2.3", true)]
    [TestCase("::ffff:10.1.2.3", true)]
    [TestCase("2001:db8::25", true)]
    [TestCase("11.0.0.1", false)]
    [TestCase("127.0.0.1", false)]
    public void Networks_are_matched_on_the_address_as_an_ipv4_client_would_have_it(string address, bool allowed) =>
        Assert.That(Policy().IsAllowedNetwork(IPAddress.Parse(address)), Is.EqualTo(allowed));

    [Test]
    public void A_proxy_claim_counts_only_when_the_peer_is_a_trusted_proxy()
    {
        var claim = new IPEndPoint(IPAddress.Parse("10.9.9.9"), 40000);
        var policy = Policy();

        Assert.That(policy.ClientAddress(IPAddress.Parse("192.0.2.1"), claim), Is.EqualTo(IPAddress.Parse("10.9.9.9")));
        Assert.That(policy.ClientAddress(IPAddress.Parse("192.0.2.2"), claim), Is.EqualTo(IPAddress.Parse("192.0.2.2")));
        Assert.That(policy.ClientAddress(IPAddress.Parse("192.0.2.1"), null), Is.EqualTo(IPAddress.Parse("192.0.2.1")));
    }

    [Test]
    public void An_internal_sender_from_an_allowed_network_may_relay() =>
        Assert.That(Check(Policy(), "10.0.0.5", "alice", "example.com"), Is.Null);

    [Test]
    public void Subdomains_of_internal_domains_are_internal() =>
        Assert.That(Check(Policy(), "10.0.0.5", "alice", "Tokyo.Example.JP"), Is.Null);

    [Test]
    public void Outside_the_networks_only_authentication_opens_the_relay()
    {
        Assert.That(Check(Policy(), "203.0.113.7", "alice", "example.com"), Does.StartWith("5.7.1 Relay access denied"));
        Assert.That(Check(Policy(), "203.0.113.7", "alice", "example.com", authenticated: true), Is.Null);
    }

    [Test]
    public void Authentication_does_not_allow_an_external_sender() =>
        Assert.That(Check(Policy(), "203.0.113.7", "mallory", "example.org", authenticated: true), Does.StartWith("5.7.1 Sender address rejected: example.org"));

    [Test]
    public void The_null_sender_is_refused() =>
        Assert.That(Check(Policy(), "10.0.0.5", "", ""), Does.Contain("null sender"));

    [TestCase("user%other.example")]
    [TestCase("bang!path")]
    [TestCase("bob@other.example")]
    [TestCase("john smith")]
    [TestCase("a:b")]
    [TestCase(".leading")]
    [TestCase("double..dot")]
    public void Local_parts_a_later_hop_could_read_as_a_route_are_refused(string user) =>
        Assert.That(Check(Policy(), "10.0.0.5", user, "example.com"), Does.StartWith("5.1.7"));

    [TestCase("first.last")]
    [TestCase("o'brien+tag")]
    [TestCase("山田")]
    public void Ordinary_local_parts_pass(string user) =>
        Assert.That(Check(Policy(), "10.0.0.5", user, "example.com"), Is.Null);

    [TestCase("[10.0.0.1]")]
    [TestCase("example.com.evil.example")]
    [TestCase("notexample.com")]
    public void Hosts_that_merely_resemble_internal_ones_are_external(string host) =>
        Assert.That(Check(Policy(), "10.0.0.5", "alice", host), Does.StartWith("5.7.1 Sender address rejected"));

    [Test]
    public void A_declared_size_over_the_limit_is_refused_before_anything_else() =>
        Assert.That(Check(Policy(), "203.0.113.7", "alice", "example.com", size: 1001), Does.StartWith("5.3.4"));

    [Test]
    public void The_relay_refusal_points_to_auth_only_when_auth_can_work()
    {
        var withAuth = Policy(o =>
        {
            o.Tls.CertificateFile = "cert.pem";
            o.Users = [new ReceiveUser { Name = "scanner", PasswordHash = "x" }];
        });

        Assert.That(Check(withAuth, "203.0.113.7", "alice", "example.com"), Does.EndWith("use STARTTLS and AUTH"));
        Assert.That(Check(Policy(), "203.0.113.7", "alice", "example.com"), Does.Not.Contain("AUTH"));
    }
}
