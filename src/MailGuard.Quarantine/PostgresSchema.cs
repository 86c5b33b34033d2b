namespace MailGuard.Quarantine;

/// <summary>
/// The PostgreSQL schema, in the connection's search path. Every instance runs it when it first touches the store;
/// concurrent <c>CREATE ... IF NOT EXISTS</c> can still collide in the catalog, so it runs under an advisory lock.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key that serialises schema creation across instances ("MGQUARAN" as a bigint).</summary>
    public const long LockKey = 0x4D47_5155_4152_414E;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS quarantine_items (
            id          text PRIMARY KEY,
            state       text NOT NULL,
            mail_from   text NOT NULL GENERATED ALWAYS AS (lower(envelope ->> 'MailFrom')) STORED,
            envelope    jsonb NOT NULL,
            subject     text NOT NULL,
            size        bigint NOT NULL,
            rule        text NOT NULL,
            reason      jsonb NOT NULL,
            findings    jsonb NOT NULL,
            created_at  timestamptz NOT NULL,
            updated_at  timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS quarantine_items_state ON quarantine_items (state, created_at);
        CREATE INDEX IF NOT EXISTS quarantine_items_created ON quarantine_items (created_at DESC, id);
        -- A message is its ordered chunks, so that holding and releasing one streams it without a whole copy in memory
        -- (appending to one bytea would rewrite it for every piece). Every stored message has at least chunk 0.
        CREATE TABLE IF NOT EXISTS quarantine_messages (
            item_id     text NOT NULL REFERENCES quarantine_items (id),
            seq         integer NOT NULL,
            chunk       bytea NOT NULL,
            PRIMARY KEY (item_id, seq)
        );
        CREATE TABLE IF NOT EXISTS quarantine_audit (
            seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            item_id     text NOT NULL,
            action      text NOT NULL,
            from_state  text,
            to_state    text NOT NULL,
            actor       text NOT NULL,
            reason      text NOT NULL,
            origin      text NOT NULL,
            at          timestamptz NOT NULL
        );
        CREATE INDEX IF NOT EXISTS quarantine_audit_item ON quarantine_audit (item_id, seq);
        CREATE OR REPLACE FUNCTION quarantine_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
        CREATE OR REPLACE TRIGGER quarantine_audit_no_change BEFORE UPDATE OR DELETE ON quarantine_audit
            FOR EACH ROW EXECUTE FUNCTION quarantine_audit_append_only();
        CREATE TABLE IF NOT EXISTS quarantine_outbox (
            id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            item_id       text NOT NULL,
            kind          text NOT NULL,
            created_at    timestamptz NOT NULL,
            claimed_by    text,
            claimed_until timestamptz,
            done_at       timestamptz
        );
        CREATE INDEX IF NOT EXISTS quarantine_outbox_pending ON quarantine_outbox (id) WHERE done_at IS NULL;
        -- Failed review-console sign-ins per account name (ISignInFailures), shared by every console using this database.
        CREATE TABLE IF NOT EXISTS review_signin_failures (
            name          text PRIMARY KEY,
            failures      integer NOT NULL,
            last_at       timestamptz NOT NULL,
            locked_until  timestamptz
        );
        CREATE INDEX IF NOT EXISTS review_signin_failures_last ON review_signin_failures (last_at);
        -- The exact count per kind of findings not kept with the item (JSON), NULL when all were kept; added after the
        -- first schema, so databases created before it gain it here.
        ALTER TABLE quarantine_items ADD COLUMN IF NOT EXISTS omitted_findings text;
        -- How text filters compare (TextFold in C#, which SQLite calls): NFKC, then Unicode lower case from ICU's root
        -- locale, so that the result does not depend on the database's LC_CTYPE. Without ICU (a server built without it)
        -- lower() follows LC_CTYPE, and without UTF8 there is no NFKC: both are said in README.
        DO $$
        DECLARE body text := 't';
        BEGIN
            IF current_setting('server_encoding') = 'UTF8' THEN body := 'normalize(t, NFKC)'; END IF;
            IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN body := body || ' COLLATE "und-x-icu"'; END IF;
            EXECUTE format('CREATE OR REPLACE FUNCTION mailguard_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
                'SELECT lower(' || body || ')');
        END $$;
        """;
}
