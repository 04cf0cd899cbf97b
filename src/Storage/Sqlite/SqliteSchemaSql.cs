namespace BigDL.Storage.Sqlite;

/// <summary>The SQLite tables of a store, as SQL an operator can read and apply by hand.</summary>
/// <remarks>Times are ISO 8601 UTC text with seven fraction digits, so text order is time order; state payloads are blobs.</remarks>
internal static class SqliteSchemaSql
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS bigdl_silo_versions (
            cluster_id TEXT    NOT NULL PRIMARY KEY,
            version    INTEGER NOT NULL,
            etag       TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS bigdl_silos (
            cluster_id    TEXT    NOT NULL,
            address       TEXT    NOT NULL,
            port          INTEGER NOT NULL,
            generation    INTEGER NOT NULL,
            silo_name     TEXT    NOT NULL,
            host_name     TEXT    NOT NULL,
            role_name     TEXT,
            update_zone   INTEGER NOT NULL,
            fault_zone    INTEGER NOT NULL,
            status        INTEGER NOT NULL,
            proxy_port    INTEGER NOT NULL,
            start_time    TEXT    NOT NULL,
            iamalive_time TEXT    NOT NULL,
            suspect_times TEXT    NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS bigdl_reminder_entries (
            service_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_time    TEXT    NOT NULL,
            period_ms     INTEGER NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_bigdl_reminder_entries_hash ON bigdl_reminder_entries (service_id, grain_hash);
        CREATE TABLE IF NOT EXISTS bigdl_grain_states (
            service_id   TEXT NOT NULL,
            state_name   TEXT NOT NULL,
            grain_id     TEXT NOT NULL,
            payload      BLOB,
            etag         TEXT NOT NULL,
            updated_time TEXT NOT NULL,
            PRIMARY KEY (service_id, state_name, grain_id)
        ) WITHOUT ROWID;
        """;
}
