namespace BigDL.Storage.PostgreSql;

/// <summary>The PostgreSQL tables of a store, as SQL an operator can read and apply by hand.</summary>
/// <remarks>Suspicions are JSON text (query them with <c>suspect_times::jsonb</c>); grain hashes are 0..2³²−1 in a bigint.</remarks>
internal static class PostgreSqlSchemaSql
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS bigdl_silo_versions (
            cluster_id text    NOT NULL PRIMARY KEY,
            version    integer NOT NULL,
            etag       text    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS bigdl_silos (
            cluster_id    text        NOT NULL,
            address       text        NOT NULL,
            port          integer     NOT NULL,
            generation    integer     NOT NULL,
            silo_name     text        NOT NULL,
            host_name     text        NOT NULL,
            role_name     text,
            update_zone   integer     NOT NULL,
            fault_zone    integer     NOT NULL,
            status        integer     NOT NULL,
            proxy_port    integer     NOT NULL,
            start_time    timestamptz NOT NULL,
            iamalive_time timestamptz NOT NULL,
            suspect_times text        NOT NULL,
            etag          text        NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation)
        );
        CREATE TABLE IF NOT EXISTS bigdl_reminder_entries (
            service_id    text        NOT NULL,
            grain_id      text        NOT NULL,
            reminder_name text        NOT NULL,
            grain_hash    bigint      NOT NULL,
            start_time    timestamptz NOT NULL,
            period_ms     bigint      NOT NULL,
            etag          text        NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );
        CREATE INDEX IF NOT EXISTS ix_bigdl_reminder_entries_hash ON bigdl_reminder_entries (service_id, grain_hash);
        CREATE TABLE IF NOT EXISTS bigdl_grain_states (
            service_id   text        NOT NULL,
            state_name   text        NOT NULL,
            grain_id     text        NOT NULL,
            payload      bytea,
            etag         text        NOT NULL,
            updated_time timestamptz NOT NULL,
            PRIMARY KEY (service_id, state_name, grain_id)
        );
        """;
}
