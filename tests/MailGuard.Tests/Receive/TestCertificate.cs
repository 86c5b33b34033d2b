using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailGuard.Tests.Receive;

/// <summary>A self-signed certificate for mx.test.example, written as PEM files for <c>Receive:Tls</c>.</summary>
internal sealed class TestCertificate : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailguard-tls-").FullName;

    public TestCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=mx.test.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("mx.test.example");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CertificateFile = Path.Combine(_directory, "cert.pem");
        KeyFile = Path.Combine(_directory, "key.pem");
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    /// <summary>The settings that turn STARTTLS on with this certificate.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Receive:Tls:CertificateFile"] = CertificateFile,
        ["Receive:Tls:KeyFile"] = KeyFile,
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
