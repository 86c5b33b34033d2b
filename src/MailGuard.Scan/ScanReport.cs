using MailGuard.Core;
using MailGuard.Scan.Extract;

namespace MailGuard.Scan;

/// <summary>What scanning one message came to: everything found, what could not be read, and the verdict.</summary>
/// <param name="Findings">Every finding, party and third party, unscannable parts included.</param>
/// <param name="Problems">What extraction could not read (each also an <c>unscannable</c> finding).</param>
/// <param name="Verdict">The policy's decision.</param>
public sealed record ScanReport(IReadOnlyList<Finding> Findings, IReadOnlyList<ExtractionProblem> Problems, Verdict Verdict);
