namespace BigDL.Storage.Sql;

/// <summary>The databases a store string can name.</summary>
internal enum StoreKind
{
    /// <summary>A SQLite file, shared by the silo processes of one host.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, shared by the silos of a cluster on many hosts.</summary>
    PostgreSql,
}
