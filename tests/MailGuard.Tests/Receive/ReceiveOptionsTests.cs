using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MailGuard.Core;
using MailGuard.Receive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailGuard.Tests.Receive;

public sealed class ReceiveOptionsTests
{
    private static ReceiveOptions Resolve(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddMailGuardReceive();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ReceiveOptions>>().Value;
    }

    private static ReceiveOptions Resolve(Dictionary<string, string?> settings) =>
        Resolve(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static string FailureOf(Dictionary<string, string?> settings)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(settings));
        return failure!.Message;
    }

    [Test]
    public void Without_configuration_the_documented_defaults_apply()
    {
        var options = Resolve([]);

        Assert.That(options.Endpoints, Is.EqualTo(new[] { "127.0.0.1:2525" }));
        Assert.That(options.AllowedNetworks, Is.EqualTo(new[] { "127.0.0.0/8", "::1/128" }));
        Assert.That(options.ServerName, Is.Not.Empty);
    }

    [Test]
    public void A_configured_list_replaces_the_default_instead_of_adding_to_it()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["Receive:AllowedNetworks:0"] = "10.0.0.0/8",
            ["Receive:Endpoints:0"] = "0.0.0.0:25",
        });

        Assert.That(options.AllowedNetworks, Is.EqualTo(new[] { "10.0.0.0/8" }));
        Assert.That(options.Endpoints, Is.EqualTo(new[] { "0.0.0.0:25" }));
    }

    [TestCase("Receive:AllowedNetworks:0", "10.0.0.0/33", "Receive:AllowedNetworks: \"10.0.0.0/33\" is not a network in CIDR notation")]
    [TestCase("Receive:AllowedNetworks:0", "10.0.0.1/8", "Receive:AllowedNetworks: \"10.0.0.1/8\"")]
    [TestCase("Receive:TrustedProxies:0", "proxy.example.com", "Receive:TrustedProxies: \"proxy.example.com\"")]
    [TestCase("Receive:Endpoints:0", "localhost:25", "Receive:Endpoints: \"localhost:25\" is not IP:port")]
    [TestCase("Receive:Endpoints:0", "smtps://localhost:465", "Receive:Endpoints: \"smtps://localhost:465\" is not IP:port")]
    [TestCase("Receive:Endpoints:0", "smtps://127.0.0.1:465", "Receive:Endpoints: \"smtps://127.0.0.1:465\" is implicit TLS but Receive:Tls has no certificate")]
    [TestCase("Receive:MaxRecipients", "0", "Receive:MaxRecipients is 0")]
    [TestCase("Receive:MaxCommandLineBytes", "100", "Receive:MaxCommandLineBytes is 100")]
    [TestCase("Receive:DataTimeout", "00:00:00", "Receive:DataTimeout must be a positive duration")]
    [TestCase("Receive:Tls:CertificateFile", "/nonexistent/mailguard/cert.pem", "Receive:Tls:CertificateFile: no file at \"/nonexistent/mailguard/cert.pem\"")]
    [TestCase("Receive:Users:0:Name", "scanner", "Receive:Users:0:PasswordHash is not of the form pbkdf2-sha256$ITERATIONS$SALT$HASH")]
    public void Bad_settings_stop_the_start_with_a_message_that_names_the_key(string key, string value, string expected) =>
        Assert.That(FailureOf(new Dictionary<string, string?> { [key] = value }), Does.Contain(expected));

    [Test]
    public void Users_without_a_certificate_are_refused_because_they_could_never_log_in()
    {
        var message = FailureOf(new Dictionary<string, string?>
        {
            ["Receive:Users:0:Name"] = "scanner",
            ["Receive:Users:0:PasswordHash"] = PasswordHash.Create("pw", 1000),
        });

        Assert.That(message, Does.Contain("Receive:Users is set but Receive:Tls has no certificate"));
    }

    [Test]
    public void A_file_that_is_not_a_certificate_is_named_in_the_error()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "not a certificate");
        try
        {
            Assert.That(FailureOf(new Dictionary<string, string?> { ["Receive:Tls:CertificateFile"] = file }),
                Does.Contain($"Receive:Tls: cannot load the certificate from \"{file}\""));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void A_pfx_with_its_password_loads_as_the_certificate()
    {
        using var pem = new TestCertificate();
        using var certificate = X509Certificate2.CreateFromPemFile(pem.CertificateFile, pem.KeyFile);
        var pfx = Path.Combine(Path.GetDirectoryName(pem.CertificateFile)!, "cert.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "s3cret"));

        var options = Resolve(new Dictionary<string, string?>
        {
            ["Receive:Tls:CertificateFile"] = pfx,
            ["Receive:Tls:Password"] = "s3cret",
        });

        Assert.That(options.Tls.IsConfigured, Is.True);
        Assert.That(FailureOf(new Dictionary<string, string?>
        {
            ["Receive:Tls:CertificateFile"] = pfx,
            ["Receive:Tls:Password"] = "wrong",
        }), Does.Contain("cannot load the certificate"));
    }

    [Test]
    public void The_shipped_config_file_shows_every_receive_key_with_the_default_of_the_code()
    {
        var file = ShippedConfig();
        var section = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
            .RootElement.GetProperty(ReceiveOptions.Section);
        var keys = section.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(keys, Is.EquivalentTo(typeof(ReceiveOptions).GetProperties().Select(p => p.Name)));
        Assert.That(section.GetProperty("Tls").EnumerateObject().Select(p => p.Name),
            Is.EquivalentTo(typeof(TlsOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name)));

        var shipped = Resolve(new ConfigurationBuilder().AddJsonFile(file).Build());
        var defaults = Resolve([]);
        Assert.That(JsonSerializer.Serialize(shipped), Is.EqualTo(JsonSerializer.Serialize(defaults)));
    }

    private static string ShippedConfig()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "config", "mailguard.json");
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "MailGuard.sln")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("config/mailguard.json not found above the test directory");
    }
}
