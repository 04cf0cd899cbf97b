namespace BigDL.Orleans.Membership;

/// <summary>The PostgreSQL tables of the membership table, as SQL a user can read and apply by hand.</summary>
public static class PostgreSqlMembershipSchema
{
    /// <summary>The table holding each cluster's table version.</summary>
    public const string VersionTable = MembershipSchemaNames.VersionTable;

    /// <summary>The table holding one row per silo incarnation.</summary>
    public const string MembersTable = MembershipSchemaNames.MembersTable;

    /// <summary>Creates both tables. Suspicions are JSON text (query them with <c>suspect_times::jsonb</c>).</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS bigdl_membership_version (
            cluster_id text    NOT NULL PRIMARY KEY,
            version    integer NOT NULL,
            etag       text    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS bigdl_membership (
            cluster_id    text        NOT NULL,
            address       text        NOT NULL,
            port          integer     NOT NULL,
            generation    integer     NOT NULL,
            silo_name     text        NOT NULL,
            host_name     text        NOT NULL,
            status        integer     NOT NULL,
            gateway_port  integer     NOT NULL,
            start_time    timestamptz NOT NULL,
            iamalive_time timestamptz NOT NULL,
            suspect_times text        NOT NULL,
            etag          text        NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation)
        );
        """;
}
