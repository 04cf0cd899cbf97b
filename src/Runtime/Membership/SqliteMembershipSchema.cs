namespace BigDL.Orleans.Membership;

/// <summary>The SQLite tables of the membership table, as SQL a user can read and apply by hand.</summary>
public static class SqliteMembershipSchema
{
    /// <summary>The table holding each cluster's table version.</summary>
    public const string VersionTable = MembershipSchemaNames.VersionTable;

    /// <summary>The table holding one row per silo incarnation.</summary>
    public const string MembersTable = MembershipSchemaNames.MembersTable;

    /// <summary>Creates both tables. Times are ISO 8601 UTC text with seven fraction digits (text order is time order); suspicions are JSON text.</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS bigdl_membership_version (
            cluster_id TEXT    NOT NULL PRIMARY KEY,
            version    INTEGER NOT NULL,
            etag       TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS bigdl_membership (
            cluster_id    TEXT    NOT NULL,
            address       TEXT    NOT NULL,
            port          INTEGER NOT NULL,
            generation    INTEGER NOT NULL,
            silo_name     TEXT    NOT NULL,
            host_name     TEXT    NOT NULL,
            status        INTEGER NOT NULL,
            gateway_port  INTEGER NOT NULL,
            start_time    TEXT    NOT NULL,
            iamalive_time TEXT    NOT NULL,
            suspect_times TEXT    NOT NULL,
            etag          TEXT    NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation)
        ) WITHOUT ROWID;
        """;
}
