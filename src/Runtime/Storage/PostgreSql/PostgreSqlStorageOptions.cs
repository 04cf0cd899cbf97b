using System.Text.Json;

namespace BigDL.Orleans.Storage;

/// <summary>Settings of the PostgreSQL grain storage and reminder table.</summary>
public sealed class PostgreSqlStorageOptions
{
    /// <summary>The default for <see cref="InitializeSchema"/>.</summary>
    public const bool DefaultInitializeSchema = true;

    /// <summary>The name the provider's connections report to the server (visible in <c>pg_stat_activity</c>).</summary>
    public const string DefaultApplicationName = "BigDL.Orleans";

    /// <summary>Gets or sets the database: an Npgsql connection string (<c>Host=...;Database=...</c>) or a <c>postgres://</c> URI.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets whether missing tables are created at startup; when false a missing table is an error.</summary>
    public bool InitializeSchema { get; set; } = DefaultInitializeSchema;

    /// <summary>Gets or sets the JSON options for grain states; null uses the defaults (System.Text.Json general rules, NaN allowed).</summary>
    /// <remarks>
    /// States round-trip through System.Text.Json: public properties with setters and records' constructor parameters are
    /// stored; properties with private setters need <c>[JsonInclude]</c>, fields need <c>[JsonInclude]</c> or
    /// <see cref="System.Text.Json.JsonSerializerOptions.IncludeFields"/>. Renaming or retyping a member makes older rows
    /// unreadable (<see cref="CorruptStateException"/>) unless the options map the old shape.
    /// </remarks>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }
}
