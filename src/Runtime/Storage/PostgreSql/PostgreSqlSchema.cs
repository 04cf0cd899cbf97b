namespace BigDL.Orleans.Storage;

/// <summary>The PostgreSQL tables of grain storage and reminders, as SQL a user can read and apply by hand.</summary>
public static class PostgreSqlSchema
{
    /// <summary>The grain state table's name.</summary>
    public const string GrainStateTable = "bigdl_grain_state";

    /// <summary>The reminder table's name.</summary>
    public const string RemindersTable = "bigdl_reminders";

    /// <summary>Creates the grain state table: one row per grain and state name, the state as JSON text, a random ETag.</summary>
    /// <remarks>The payload is text rather than jsonb so that any string a state holds (even U+0000) round-trips; query it with <c>payload::jsonb</c>.</remarks>
    public const string GrainStateSql = """
        CREATE TABLE IF NOT EXISTS bigdl_grain_state (
            grain_type  text        NOT NULL,
            grain_key   text        NOT NULL,
            state_name  text        NOT NULL,
            payload     text        NOT NULL,
            etag        text        NOT NULL,
            updated_utc timestamptz NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        );
        """;

    /// <summary>Creates the reminder table: one row per grain and reminder name, with the grain's uniform hash (0..2³²−1) for range reads.</summary>
    public const string RemindersSql = """
        CREATE TABLE IF NOT EXISTS bigdl_reminders (
            grain_type    text        NOT NULL,
            grain_key     text        NOT NULL,
            reminder_name text        NOT NULL,
            grain_hash    bigint      NOT NULL,
            start_at_utc  timestamptz NOT NULL,
            period_ms     bigint      NOT NULL,
            etag          text        NOT NULL,
            PRIMARY KEY (grain_type, grain_key, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS ix_bigdl_reminders_grain_hash ON bigdl_reminders (grain_hash);
        """;

    /// <summary>Both tables.</summary>
    public const string Sql = GrainStateSql + "\n" + RemindersSql;
}
