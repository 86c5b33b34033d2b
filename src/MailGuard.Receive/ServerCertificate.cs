using System.Security.Cryptography.X509Certificates;

namespace MailGuard.Receive;

/// <summary>Loads the STARTTLS certificate from <see cref="TlsOptions"/>: PEM certificate and key, or PFX.</summary>
internal static class ServerCertificate
{
    public static X509Certificate2? Load(TlsOptions tls)
    {
        if (!tls.IsConfigured)
        {
            return null;
        }
        var file = tls.CertificateFile;
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension is ".pfx" or ".p12")
        {
            return X509CertificateLoader.LoadPkcs12FromFile(file, tls.Password.Length > 0 ? tls.Password : null);
        }
        var keyFile = tls.KeyFile.Length > 0 ? tls.KeyFile : null;
        using var pem = tls.Password.Length > 0
            ? X509Certificate2.CreateFromEncryptedPemFile(file, tls.Password, keyFile)
            : X509Certificate2.CreateFromPemFile(file, keyFile);
        // A key loaded from PEM is ephemeral; SslStream on Windows needs it persisted, and a PKCS#12 round trip does that everywhere.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
