using MailGuard.Scan.Extract;

namespace MailGuard.Tests;

/// <summary>As Program.cs does before anything touches MimeKit: without the code pages Japanese mail reads as garbage.</summary>
[SetUpFixture]
public sealed class EncodingSetUp
{
    [OneTimeSetUp]
    public void RegisterCodePages() => EncodingSupport.EnsureRegistered();
}
