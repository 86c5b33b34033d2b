using System.Data.Common;

namespace MailGuard.Quarantine;

/// <summary>The read-only queries behind the list, the counts, the dashboard and the audit log, filtered in SQL.</summary>
public sealed partial class PostgresQuarantineStore
{
    // The SQLite store's filters; recipients are a jsonb array, findings are matched by containment. Text is compared
    // folded by the schema's mailguard_fold (NFKC, ICU lower case), not by lower(), which follows the database's locale.
    private const string Where = """
        WHERE (@state::text IS NULL OR state = @state) AND (@rule::text IS NULL OR rule = @rule)
          AND (@sender::text IS NULL OR mailguard_fold(mail_from) = @sender) AND (@senderPart::text IS NULL OR strpos(mailguard_fold(mail_from), @senderPart) > 0)
          AND (@since::timestamptz IS NULL OR created_at >= @since) AND (@before::timestamptz IS NULL OR created_at < @before)
          AND (@domain::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(envelope -> 'Recipients') r WHERE right(mailguard_fold(r), length(@domain)) = @domain))
          AND (@kind::text IS NULL OR findings @> jsonb_build_array(jsonb_build_object('Kind', @kind::text))
               OR coalesce(jsonb_exists(omitted_findings::jsonb, @kind::text), false))
          AND (@search::text IS NULL OR mailguard_fold(id) = @search OR strpos(mailguard_fold(subject), @search) > 0 OR strpos(mailguard_fold(mail_from), @search) > 0
               OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(envelope -> 'Recipients') r WHERE strpos(mailguard_fold(r), @search) > 0))
        """;

    private const string AuditWhere = """
        WHERE (@id::text IS NULL OR item_id = @id) AND (@actor::text IS NULL OR actor = @actor)
          AND (@action::text IS NULL OR substr(mailguard_fold(action), 1, length(@action)) = @action)
          AND (@since::timestamptz IS NULL OR at >= @since) AND (@before::timestamptz IS NULL OR at < @before)
        """;

    private const string RecipientDomains = """
        SELECT DISTINCT i.id, lower(substring(r FROM '[^@]*$')) AS name
        FROM quarantine_items i, jsonb_array_elements_text(i.envelope -> 'Recipients') r WHERE i.created_at >= @since
        """;

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT count(*) FROM quarantine_items WHERE false", cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QuarantineItem>> ListAsync(QuarantineQuery query, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {Columns} FROM quarantine_items {Where} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset", cancellationToken,
            [.. Filters(query, query.State), ("limit", query.Limit), ("offset", query.Offset)]).ConfigureAwait(false);

    public async Task<IReadOnlyDictionary<QuarantineState, int>> CountByStateAsync(QuarantineQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var counts = await ReadAllAsync(connection, $"SELECT state, count(*)::int FROM quarantine_items {Where} GROUP BY state",
            r => (Enum.Parse<QuarantineState>(r.GetString(0)), r.GetInt32(1)), cancellationToken, Filters(query, state: null)).ConfigureAwait(false);
        return counts.ToDictionary(x => x.Item1, x => x.Item2);
    }

    public async Task<QuarantineStats> StatsAsync(DateTimeOffset since, int top, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var from = since.ToUniversalTime();
        var counts = await ReadAllAsync(connection,
            """
            SELECT floor(extract(epoch FROM created_at) / @bucket)::bigint * @bucket AS start, count(*)::int FROM quarantine_items
            WHERE created_at >= @since GROUP BY start ORDER BY start
            """,
            r => (DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(0)), r.GetInt32(1)), cancellationToken,
            ("bucket", (long)QuarantineStats.Bucket.TotalSeconds), ("since", from)).ConfigureAwait(false);
        // COLLATE "C": the same order of equal counts as SQLite's, whatever the database's locale.
        Task<List<(string, int)>> TopAsync(string names) => ReadAllAsync(connection,
            $"""SELECT name, count(*)::int AS n FROM ({names}) AS x GROUP BY name ORDER BY n DESC, name COLLATE "C" LIMIT @top""",
            r => (r.GetString(0), r.GetInt32(1)), cancellationToken, ("since", from), ("top", top));
        var rules = await TopAsync("SELECT rule AS name FROM quarantine_items WHERE created_at >= @since").ConfigureAwait(false);
        var senders = await TopAsync("SELECT mail_from AS name FROM quarantine_items WHERE created_at >= @since").ConfigureAwait(false);
        var domains = await TopAsync(RecipientDomains).ConfigureAwait(false);
        return new QuarantineStats(counts, rules, senders, domains);
    }

    public async Task<AuditSlice> QueryAuditAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        (string, object?)[] filters =
        [
            ("id", filter.ItemId), ("actor", filter.Actor), ("action", TextFold.Fold(filter.ActionPrefix)),
            ("since", filter.Since?.ToUniversalTime()), ("before", filter.Before?.ToUniversalTime()),
        ];
        var total = (await ReadAllAsync(connection, $"SELECT count(*)::int FROM quarantine_audit {AuditWhere}", r => r.GetInt32(0), cancellationToken, filters)
            .ConfigureAwait(false)).Single();
        var entries = await ReadAllAsync(connection, $"SELECT {AuditColumns} FROM quarantine_audit {AuditWhere} ORDER BY seq DESC LIMIT @limit OFFSET @offset",
            ReadAudit, cancellationToken, [.. filters, ("limit", filter.Limit), ("offset", filter.Offset)]).ConfigureAwait(false);
        return new AuditSlice(entries, total);
    }

    private static (string, object?)[] Filters(QuarantineQuery query, QuarantineState? state)
    {
        var (sender, senderPart, domain, search) = query.Normalized();
        return
        [
            ("state", state?.ToString()), ("rule", query.Rule), ("sender", sender), ("senderPart", senderPart),
            ("since", query.Since?.ToUniversalTime()), ("before", query.Before?.ToUniversalTime()),
            ("domain", domain), ("kind", query.FindingKind), ("search", search),
        ];
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string? id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(connection, $"SELECT {AuditColumns} FROM quarantine_audit WHERE (@id::text IS NULL OR item_id = @id) ORDER BY seq",
            ReadAudit, cancellationToken, ("id", id)).ConfigureAwait(false);
    }

    private const string AuditColumns = "seq, item_id, action, from_state, to_state, actor, reason, origin, at";

    private static AuditEntry ReadAudit(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : Enum.Parse<QuarantineState>(r.GetString(3)),
        Enum.Parse<QuarantineState>(r.GetString(4)), r.GetString(5), r.GetString(6), r.GetString(7), r.GetFieldValue<DateTimeOffset>(8));
}
