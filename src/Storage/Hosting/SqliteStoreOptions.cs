using BigDL.Storage.Sql;

namespace BigDL.Storage;

/// <summary>The settings every SQLite provider shares: which file, how long to wait for a lock, whether to create the tables.</summary>
public abstract class SqliteStoreOptions
{
    /// <summary>The default wait for a lock held by another connection or process.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default for <see cref="InitializeSchema"/>.</summary>
    public const bool DefaultInitializeSchema = true;

    /// <summary>Gets or sets the database: a file path (<c>./bigdl.db</c>) or a SQLite connection string (<c>Data Source=...</c>).</summary>
    /// <remarks>The folder must exist. Silo processes on one host may share the file.</remarks>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets how long a statement waits for a lock held by another connection or process before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>Gets or sets whether missing tables are created at startup; when false a missing table is an error.</summary>
    public bool InitializeSchema { get; set; } = DefaultInitializeSchema;

    internal SqlStore OpenStore() => new StoreLocation(StoreKind.Sqlite, ConnectionString).Open(InitializeSchema, BusyTimeout);
}
