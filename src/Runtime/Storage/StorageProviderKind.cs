namespace BigDL.Orleans.Storage;

/// <summary>The kinds of store a connection string can name.</summary>
public enum StorageProviderKind
{
    /// <summary>Process memory: nothing survives a restart.</summary>
    Memory,

    /// <summary>A SQLite file, shared by the silos of one host.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, shared by the silos of a cluster.</summary>
    PostgreSql,
}
