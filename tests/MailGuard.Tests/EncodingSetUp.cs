using MailGuard.Scan.Extract;

namespace MailGuard.Tests;

/// <summary>
/// Registers the code-page encodings before any test touches MimeKit: whichever test uses MimeKit first fixes its
/// charset tables for the whole test run, and Japanese would then decode as garbage in every later test.
/// </summary>
[SetUpFixture]
public sealed class EncodingSetUp
{
    [OneTimeSetUp]
    public void Register() => EncodingSupport.EnsureRegistered();
}
