using System.Text.Json;

namespace BigDL.Orleans.Storage;

/// <summary>Settings of the SQLite grain storage and reminder table.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The default wait for a lock held by another connection or process.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default for <see cref="InitializeSchema"/>.</summary>
    public const bool DefaultInitializeSchema = true;

    /// <summary>Gets or sets the database: a plain file path (<c>data/bigdl.db</c>) or a SQLite connection string (<c>Data Source=...</c>).</summary>
    /// <remarks>A missing folder is created. Silo processes on one host may share the file.</remarks>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets whether missing tables are created at startup; when false a missing table is an error.</summary>
    public bool InitializeSchema { get; set; } = DefaultInitializeSchema;

    /// <summary>Gets or sets how long a statement waits for a lock held by another connection or process before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>Gets or sets the JSON options for grain states; null uses the defaults (System.Text.Json general rules, NaN allowed).</summary>
    /// <remarks>
    /// States round-trip through System.Text.Json: public properties with setters and records' constructor parameters are
    /// stored; properties with private setters need <c>[JsonInclude]</c>, fields need <c>[JsonInclude]</c> or
    /// <see cref="System.Text.Json.JsonSerializerOptions.IncludeFields"/>. Renaming or retyping a member makes older rows
    /// unreadable (<see cref="CorruptStateException"/>) unless the options map the old shape.
    /// </remarks>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }
}
