using System.ComponentModel.DataAnnotations;

namespace MailGuard.Scan.Extract;

/// <summary>The <c>Scan:Extract</c> section: every limit extraction obeys. Hitting one is an extraction problem, never a crash.</summary>
public sealed class ExtractOptions
{
    public const string Section = "Scan:Extract";

    /// <summary>How deep multiparts and nested messages may nest before the rest is held unread. Default 32.</summary>
    [Range(1, 256)]
    public int MaxMimeDepth { get; set; } = 32;

    /// <summary>How deep archives (zip, gz) may nest inside each other. Default 3.</summary>
    [Range(1, 16)]
    public int MaxArchiveDepth { get; set; } = 3;

    /// <summary>Decoded and decompressed bytes one message may expand to, all parts together. Default 256 MiB.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxExpandedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest uncompressed/compressed ratio an archive entry may have. Default 100.</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Most entries read from one archive. Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int MaxArchiveEntries { get; set; } = 1000;

    /// <summary>Most characters of text taken from one part; the rest is reported unread. Default 4,000,000.</summary>
    [Range(1000, int.MaxValue)]
    public int MaxTextCharsPerPart { get; set; } = 4_000_000;

    /// <summary>Time one part (a body, an attachment, an archive entry) may take. Default 10 seconds.</summary>
    public TimeSpan PartTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
