using MailGuard.Scan.Extract;

/// <summary>
/// Registers the code-page encodings before any test touches MimeKit. MimeKit settles its charset table on
/// first use, so whichever test ran first would otherwise decide whether Japanese decodes for the whole run.
/// </summary>
[SetUpFixture]
#pragma warning disable CA1050 // A SetUpFixture outside every namespace applies to the whole test assembly.
public sealed class EncodingSetUp
#pragma warning restore CA1050
{
    [OneTimeSetUp]
    public void RegisterEncodings() => EncodingSupport.EnsureRegistered();
}
