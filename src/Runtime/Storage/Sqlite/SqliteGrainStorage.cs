using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Storage;

/// <summary>Grain storage in a SQLite file: the embedded default, shared by the silo processes of one host.</summary>
/// <remarks>
/// States are stored as JSON (see <see cref="SqliteStorageOptions.JsonSerializerOptions"/>) in the table
/// <see cref="SqliteSchema.GrainStateTable"/>. Every change is one conditional statement, so a write that loses an
/// ETag race changes nothing. The file is opened in WAL mode with a busy timeout, so several processes can share it.
/// </remarks>
public sealed class SqliteGrainStorage : IGrainStorage, IStorageInitializer
{
    readonly GrainStorageCore core;

    /// <summary>Creates the provider; the file is opened, and the table created, on <see cref="InitializeAsync"/> or first use.</summary>
    public SqliteGrainStorage(string name, SqliteStorageOptions options, ILogger<SqliteGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        SqliteStorageOptionsValidator.ThrowIfInvalid(name, options);
        var rows = new SqliteGrainStateRows(new SqliteDatabase(options), options.InitializeSchema);
        core = new GrainStorageCore(name, rows, options.JsonSerializerOptions, logger);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => core.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => core.ReadStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => core.WriteStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => core.ClearStateAsync(stateName, grainId, grainState);
}
