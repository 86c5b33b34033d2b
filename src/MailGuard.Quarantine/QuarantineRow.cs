using System.Data.Common;
using System.Text.Json;
using MailGuard.Core;

namespace MailGuard.Quarantine;

/// <summary>
/// An item as both stores select it (<c>id, state, envelope, subject, size, rule, reason, findings, created_at,
/// updated_at, omitted_findings</c>); only the time columns differ in type between SQLite and PostgreSQL.
/// </summary>
internal static class QuarantineRow
{
    public const string Columns = "id, state, envelope, subject, size, rule, reason, findings, created_at, updated_at, omitted_findings";

    /// <summary>
    /// The item in the current row. <paramref name="findingsAsBytes"/>: the provider hands the findings TEXT over as its
    /// UTF-8 bytes (SQLite does), so a customer list's tens of thousands of findings never become one large string.
    /// </summary>
    public static QuarantineItem Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> time, bool findingsAsBytes = false) => new(
        r.GetString(0),
        JsonSerializer.Deserialize<Envelope>(r.GetString(2))!,
        r.GetString(3),
        r.GetInt64(4),
        r.GetString(5),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(6))!,
        (findingsAsBytes
            ? JsonSerializer.Deserialize<List<StoredFinding>>(r.GetFieldValue<byte[]>(7))
            : JsonSerializer.Deserialize<List<StoredFinding>>(r.GetString(7)))!,
        Enum.Parse<QuarantineState>(r.GetString(1)),
        time(r, 8),
        time(r, 9))
    {
        OmittedFindings = r.IsDBNull(10) ? new Dictionary<string, int>() : JsonSerializer.Deserialize<Dictionary<string, int>>(r.GetString(10))!,
    };

    /// <summary>The omitted counts as the column keeps them: JSON by kind, or NULL when nothing was left out.</summary>
    public static string? OmittedJson(IReadOnlyDictionary<string, int> omitted) =>
        omitted.Count == 0 ? null : JsonSerializer.Serialize(omitted);
}
