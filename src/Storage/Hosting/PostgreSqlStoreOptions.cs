using BigDL.Storage.PostgreSql;
using BigDL.Storage.Sql;

namespace BigDL.Storage;

/// <summary>The settings every PostgreSQL provider shares: which database and whether to create the tables.</summary>
public abstract class PostgreSqlStoreOptions
{
    /// <summary>The default for <see cref="InitializeSchema"/>.</summary>
    public const bool DefaultInitializeSchema = true;

    /// <summary>Gets or sets the database: an Npgsql connection string (<c>Host=...;Database=...</c>) or a <c>postgres://</c> URI.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets whether missing tables are created at startup; when false a missing table is an error.</summary>
    public bool InitializeSchema { get; set; } = DefaultInitializeSchema;

    internal SqlStore OpenStore() => new StoreLocation(StoreKind.PostgreSql, PostgreSqlConnectionStrings.Normalize(ConnectionString)).Open(InitializeSchema, TimeSpan.Zero);
}
