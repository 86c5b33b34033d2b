using System.Data.Common;
using System.Text.Json;
using MailGuard.Core;

namespace MailGuard.Quarantine;

/// <summary>
/// An item as both stores select it (<c>id, state, envelope, subject, size, rule, reason, findings, created_at,
/// updated_at</c>); only the time columns differ in type between SQLite and PostgreSQL.
/// </summary>
internal static class QuarantineRow
{
    public const string Columns = "id, state, envelope, subject, size, rule, reason, findings, created_at, updated_at";

    public static QuarantineItem Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> time) => new(
        r.GetString(0),
        JsonSerializer.Deserialize<Envelope>(r.GetString(2))!,
        r.GetString(3),
        r.GetInt64(4),
        r.GetString(5),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(6))!,
        JsonSerializer.Deserialize<List<StoredFinding>>(r.GetString(7))!,
        Enum.Parse<QuarantineState>(r.GetString(1)),
        time(r, 8),
        time(r, 9));
}
