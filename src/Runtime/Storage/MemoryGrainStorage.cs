using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Storage;

/// <summary>Grain storage in process memory, for tests and demos: nothing survives the process.</summary>
/// <remarks>
/// States are kept as JSON, exactly as the database providers store them, so a grain that changes its state object
/// after a write does not change what is stored, and a state type that does not round-trip fails here first.
/// ETags are checked as in the other providers.
/// </remarks>
public sealed class MemoryGrainStorage : IGrainStorage, IStorageInitializer
{
    readonly GrainStorageCore core;

    /// <summary>Creates an empty store; <paramref name="jsonSerializerOptions"/> null uses the default JSON options.</summary>
    public MemoryGrainStorage(string name, ILogger<MemoryGrainStorage> logger, JsonSerializerOptions? jsonSerializerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(logger);
        core = new GrainStorageCore(name, new MemoryGrainStateRows(), jsonSerializerOptions, logger);
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
