namespace MailGuard.Scan.Extract;

/// <summary>A limit was hit; the message is the reason shown as an extraction problem.</summary>
internal sealed class ExtractionLimitException(string reason) : Exception(reason);

/// <summary>A part cannot be read for a reason worth naming (encrypted, corrupt, wrong format).</summary>
internal sealed class UnreadablePartException(string reason) : Exception(reason);
