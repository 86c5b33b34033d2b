using MailGuard.Scan.Extract;

// No namespace: NUnit runs a SetUpFixture outside any namespace once, before every test in the assembly.

/// <summary>
/// Registers the code-page encodings before any test touches MimeKit, as Program.cs does for the executable:
/// MimeKit resolves charsets once, so whichever test ran first (a Deliver or Relay test loading a MimeMessage)
/// otherwise decided for the whole run that ISO-2022-JP and Shift_JIS do not exist.
/// </summary>
[SetUpFixture]
public sealed class AssemblySetUp
{
    [OneTimeSetUp]
    public void RegisterEncodings() => EncodingSupport.EnsureRegistered();
}
