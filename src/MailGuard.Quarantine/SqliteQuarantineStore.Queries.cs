using System.Data.Common;

namespace MailGuard.Quarantine;

/// <summary>The read-only queries behind the list, the counts, the dashboard and the audit log, filtered in SQL.</summary>
public sealed partial class SqliteQuarantineStore
{
    // Every filter is a parameter, null meaning "any". Text is compared folded by mailguard_fold (TextFold, registered on
    // every connection), not by SQLite's lower(), which folds ASCII only.
    private const string Where = """
        WHERE (@state IS NULL OR state = @state) AND (@rule IS NULL OR rule = @rule)
          AND (@sender IS NULL OR mailguard_fold(mail_from) = @sender) AND (@senderPart IS NULL OR instr(mailguard_fold(mail_from), @senderPart) > 0)
          AND (@since IS NULL OR created_at >= @since) AND (@before IS NULL OR created_at < @before)
          AND (@domain IS NULL OR EXISTS (SELECT 1 FROM json_each(envelope, '$.Recipients') r WHERE substr(mailguard_fold(r.value), -length(@domain)) = @domain))
          AND (@kind IS NULL OR EXISTS (SELECT 1 FROM json_each(findings) f WHERE json_extract(f.value, '$.Kind') = @kind)
               OR EXISTS (SELECT 1 FROM json_each(omitted_findings) o WHERE o.key = @kind))
          AND (@search IS NULL OR mailguard_fold(id) = @search OR instr(mailguard_fold(subject), @search) > 0 OR instr(mailguard_fold(mail_from), @search) > 0
               OR EXISTS (SELECT 1 FROM json_each(envelope, '$.Recipients') r WHERE instr(mailguard_fold(r.value), @search) > 0))
        """;

    private const string AuditWhere = """
        WHERE (@id IS NULL OR item_id = @id) AND (@actor IS NULL OR actor = @actor)
          AND (@action IS NULL OR substr(mailguard_fold(action), 1, length(@action)) = @action)
          AND (@since IS NULL OR at >= @since) AND (@before IS NULL OR at < @before)
        """;

    // The domain is what follows the last '@': rtrim strips every character but '@' from the end.
    private const string RecipientDomains = """
        SELECT DISTINCT i.id, lower(substr(r.value, length(rtrim(r.value, replace(r.value, '@', ''))) + 1)) AS name
        FROM quarantine_items i, json_each(i.envelope, '$.Recipients') r WHERE i.created_at >= @since
        """;

    public Task CheckAsync(CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT count(*) FROM quarantine_items WHERE 0");
        command.ExecuteScalar();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QuarantineItem>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken)
    {
        using var connection = Open();
        IReadOnlyList<QuarantineItem> items = Query(connection,
            $"SELECT {Columns} FROM quarantine_items {Where} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset",
            [.. Filters(query, query.State), ("@limit", query.Limit), ("@offset", query.Offset)]);
        return Task.FromResult(items);
    }

    public Task<IReadOnlyDictionary<QuarantineState, int>> CountByStateAsync(QuarantineQuery query, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = Command(connection, null, $"SELECT state, count(*) FROM quarantine_items {Where} GROUP BY state", Filters(query, state: null));
        return Task.FromResult<IReadOnlyDictionary<QuarantineState, int>>(
            ReadAll(command, r => (Enum.Parse<QuarantineState>(r.GetString(0)), r.GetInt32(1))).ToDictionary(x => x.Item1, x => x.Item2));
    }

    public Task<QuarantineStats> StatsAsync(DateTimeOffset since, int top, CancellationToken cancellationToken)
    {
        using var connection = Open();
        var bucket = (long)QuarantineStats.Bucket.TotalMilliseconds;
        var from = since.ToUnixTimeMilliseconds();
        using var perBucket = Command(connection, null,
            "SELECT (created_at / @bucket) * @bucket AS start, count(*) FROM quarantine_items WHERE created_at >= @since GROUP BY start ORDER BY start",
            ("@bucket", bucket), ("@since", from));
        var counts = ReadAll(perBucket, r => (FromMs(r.GetInt64(0)), r.GetInt32(1)));
        List<(string, int)> Top(string names)
        {
            using var command = Command(connection, null,
                $"SELECT name, count(*) AS n FROM ({names}) GROUP BY name ORDER BY n DESC, name LIMIT @top", ("@since", from), ("@top", top));
            return ReadAll(command, r => (r.GetString(0), r.GetInt32(1)));
        }
        return Task.FromResult(new QuarantineStats(
            counts,
            Top("SELECT rule AS name FROM quarantine_items WHERE created_at >= @since"),
            Top("SELECT mail_from AS name FROM quarantine_items WHERE created_at >= @since"),
            Top(RecipientDomains)));
    }

    public Task<AuditSlice> QueryAuditAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        using var connection = Open();
        (string, object?)[] filters =
        [
            ("@id", filter.ItemId), ("@actor", filter.Actor), ("@action", TextFold.Fold(filter.ActionPrefix)),
            ("@since", filter.Since?.ToUnixTimeMilliseconds()), ("@before", filter.Before?.ToUnixTimeMilliseconds()),
        ];
        using var count = Command(connection, null, $"SELECT count(*) FROM quarantine_audit {AuditWhere}", filters);
        var total = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        using var page = Command(connection, null,
            $"SELECT {AuditColumns} FROM quarantine_audit {AuditWhere} ORDER BY seq DESC LIMIT @limit OFFSET @offset",
            [.. filters, ("@limit", filter.Limit), ("@offset", filter.Offset)]);
        return Task.FromResult(new AuditSlice(ReadAll(page, ReadAudit), total));
    }

    private static (string, object?)[] Filters(QuarantineQuery query, QuarantineState? state)
    {
        var (sender, senderPart, domain, search) = query.Normalized();
        return
        [
            ("@state", state?.ToString()), ("@rule", query.Rule), ("@sender", sender), ("@senderPart", senderPart),
            ("@since", query.Since?.ToUnixTimeMilliseconds()), ("@before", query.Before?.ToUnixTimeMilliseconds()),
            ("@domain", domain), ("@kind", query.FindingKind), ("@search", search),
        ];
    }

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(string? id, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = Command(connection, null,
            $"SELECT {AuditColumns} FROM quarantine_audit WHERE (@id IS NULL OR item_id = @id) ORDER BY seq", ("@id", id));
        return Task.FromResult<IReadOnlyList<AuditEntry>>(ReadAll(command, ReadAudit));
    }

    private const string AuditColumns = "seq, item_id, action, from_state, to_state, actor, reason, origin, at";

    private static AuditEntry ReadAudit(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : Enum.Parse<QuarantineState>(r.GetString(3)),
        Enum.Parse<QuarantineState>(r.GetString(4)), r.GetString(5), r.GetString(6), r.GetString(7), FromMs(r.GetInt64(8)));
}
