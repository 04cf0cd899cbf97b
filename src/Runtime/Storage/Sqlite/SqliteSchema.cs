namespace BigDL.Orleans.Storage;

/// <summary>The SQLite tables of grain storage and reminders, as SQL a user can read and apply by hand.</summary>
public static class SqliteSchema
{
    /// <summary>The grain state table's name.</summary>
    public const string GrainStateTable = "bigdl_grain_state";

    /// <summary>The reminder table's name.</summary>
    public const string RemindersTable = "bigdl_reminders";

    /// <summary>Creates the grain state table: one row per grain and state name, the state as JSON text, a random ETag.</summary>
    public const string GrainStateSql = """
        CREATE TABLE IF NOT EXISTS bigdl_grain_state (
            grain_type  TEXT NOT NULL,
            grain_key   TEXT NOT NULL,
            state_name  TEXT NOT NULL,
            payload     TEXT NOT NULL,
            etag        TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        ) WITHOUT ROWID;
        """;

    /// <summary>Creates the reminder table: one row per grain and reminder name, with the grain's uniform hash for range reads.</summary>
    public const string RemindersSql = """
        CREATE TABLE IF NOT EXISTS bigdl_reminders (
            grain_type    TEXT    NOT NULL,
            grain_key     TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at_utc  TEXT    NOT NULL,
            period_ms     INTEGER NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (grain_type, grain_key, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_bigdl_reminders_grain_hash ON bigdl_reminders (grain_hash);
        """;

    /// <summary>Both tables.</summary>
    public const string Sql = GrainStateSql + "\n" + RemindersSql;
}
