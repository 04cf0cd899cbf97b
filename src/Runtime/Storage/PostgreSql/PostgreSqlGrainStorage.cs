using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Storage;

/// <summary>Grain storage in a PostgreSQL database: the cluster store, shared by silos on many hosts.</summary>
/// <remarks>
/// States are stored as JSON text (see <see cref="PostgreSqlStorageOptions.JsonSerializerOptions"/>) in the table
/// <see cref="PostgreSqlSchema.GrainStateTable"/>. Every change is one conditional statement, so a write that loses an
/// ETag race changes nothing.
/// </remarks>
public sealed class PostgreSqlGrainStorage : IGrainStorage, IStorageInitializer, IAsyncDisposable, IDisposable
{
    readonly PostgreSqlDatabase database;
    readonly GrainStorageCore core;

    /// <summary>Creates the provider; the server is contacted, and the table created, on <see cref="InitializeAsync"/> or first use.</summary>
    public PostgreSqlGrainStorage(string name, PostgreSqlStorageOptions options, ILogger<PostgreSqlGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        PostgreSqlStorageOptionsValidator.ThrowIfInvalid(name, options);
        database = new PostgreSqlDatabase(options);
        core = new GrainStorageCore(name, new PostgreSqlGrainStateRows(database, options.InitializeSchema), options.JsonSerializerOptions, logger);
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => core.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => core.ReadStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => core.WriteStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => core.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>Closes the provider's pooled connections.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    /// <summary>Closes the provider's pooled connections.</summary>
    public void Dispose() => database.Dispose();
}
