using Microsoft.Data.Sqlite;

namespace MailGuard.Quarantine;

/// <summary>The SQLite schema; times are Unix milliseconds so that the same comparisons work on PostgreSQL bigints.</summary>
internal static class SqliteSchema
{
    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS quarantine_items (
            id          TEXT PRIMARY KEY,
            state       TEXT NOT NULL,
            mail_from   TEXT NOT NULL GENERATED ALWAYS AS (lower(json_extract(envelope, '$.MailFrom'))) VIRTUAL,
            envelope    TEXT NOT NULL,
            subject     TEXT NOT NULL,
            size        INTEGER NOT NULL,
            rule        TEXT NOT NULL,
            reason      TEXT NOT NULL,
            findings    TEXT NOT NULL,
            message     BLOB,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS quarantine_items_state ON quarantine_items (state, created_at);
        CREATE TABLE IF NOT EXISTS quarantine_audit (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id     TEXT NOT NULL,
            action      TEXT NOT NULL,
            from_state  TEXT,
            to_state    TEXT NOT NULL,
            actor       TEXT NOT NULL,
            reason      TEXT NOT NULL,
            origin      TEXT NOT NULL,
            at          INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS quarantine_audit_item ON quarantine_audit (item_id, seq);
        CREATE TRIGGER IF NOT EXISTS quarantine_audit_no_update BEFORE UPDATE ON quarantine_audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS quarantine_audit_no_delete BEFORE DELETE ON quarantine_audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TABLE IF NOT EXISTS quarantine_outbox (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id       TEXT NOT NULL,
            kind          TEXT NOT NULL,
            created_at    INTEGER NOT NULL,
            claimed_by    TEXT,
            claimed_until INTEGER,
            done_at       INTEGER
        );
        CREATE INDEX IF NOT EXISTS quarantine_outbox_pending ON quarantine_outbox (done_at, id);
        -- The bytes of messages held since the relay streams them: SQLite's incremental blob I/O cannot open a table with
        -- generated columns, so they live apart from quarantine_items (whose message column keeps older rows' bytes).
        CREATE TABLE IF NOT EXISTS quarantine_messages (
            item_id     TEXT PRIMARY KEY,
            message     BLOB NOT NULL
        );
        -- Failed review-console sign-ins per account name (ISignInFailures), shared by every console using this file.
        CREATE TABLE IF NOT EXISTS review_signin_failures (
            name          TEXT PRIMARY KEY,
            failures      INTEGER NOT NULL,
            last_at       INTEGER NOT NULL,
            locked_until  INTEGER
        );
        CREATE INDEX IF NOT EXISTS review_signin_failures_last ON review_signin_failures (last_at);
        """;

    /// <summary>
    /// Columns added since the first schema, for files created before them (SQLite has no ADD COLUMN IF NOT EXISTS).
    /// </summary>
    public static void Migrate(SqliteConnection connection)
    {
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT count(*) FROM pragma_table_info('quarantine_items') WHERE name = 'omitted_findings'";
        if ((long)check.ExecuteScalar()! == 0)
        {
            using var add = connection.CreateCommand();
            // The exact count per kind of findings not kept with the item (JSON), NULL when all were kept.
            add.CommandText = "ALTER TABLE quarantine_items ADD COLUMN omitted_findings TEXT";
            add.ExecuteNonQuery();
        }
    }
}
