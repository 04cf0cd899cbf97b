using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Storage;

/// <summary>The Orleans grain storage semantics (defaults, ETag checks, JSON) on top of a store's row operations.</summary>
internal sealed partial class GrainStorageCore
{
    readonly string name;
    readonly IGrainStateRows rows;
    readonly JsonSerializerOptions jsonOptions;
    readonly ILogger logger;
    readonly StorageSchemaGate schemaGate;

    public GrainStorageCore(string name, IGrainStateRows rows, JsonSerializerOptions? jsonOptions, ILogger logger)
    {
        this.name = name;
        this.rows = rows;
        this.jsonOptions = jsonOptions ?? GrainStateJson.DefaultOptions;
        this.logger = logger;
        schemaGate = new StorageSchemaGate(async cancellationToken =>
        {
            await rows.InitializeAsync(cancellationToken);
            LogReady(name, rows.Location);
        });
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => schemaGate.EnsureAsync(cancellationToken);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await schemaGate.EnsureAsync(CancellationToken.None);
        var row = await rows.ReadAsync(grainId, stateName);
        if (row is null)
        {
            grainState.State = GrainState.CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        T state;
        try
        {
            state = GrainStateJson.Deserialize<T>(row.Payload, jsonOptions, grainId, stateName, rows.Location, row.ETag);
        }
        catch (CorruptStateException e)
        {
            LogCorruptState(e, name, grainId, stateName);
            throw;
        }

        grainState.State = state;
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await schemaGate.EnsureAsync(CancellationToken.None);
        string payload;
        try
        {
            payload = GrainStateJson.Serialize(grainState.State, jsonOptions);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"The state '{stateName}' of grain {grainId} cannot be stored: {typeof(T).FullName} does not serialize to JSON ({e.Message}). " +
                "Nothing was written. Keep grain state to plain data (numbers, strings, lists, records), or give the storage options JsonSerializerOptions with a converter.", e);
        }

        var expected = grainState.ETag;
        var next = ETag.New();
        var written = expected is null
            ? await rows.TryInsertAsync(grainId, stateName, payload, next)
            : await rows.TryUpdateAsync(grainId, stateName, payload, expected, next);
        if (!written)
        {
            throw await ConflictAsync("write", stateName, grainId, expected);
        }

        grainState.ETag = next;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await schemaGate.EnsureAsync(CancellationToken.None);
        var expected = grainState.ETag;
        if (expected is null)
        {
            // Nothing was stored when this state was read: clearing is a no-op, unless another writer stored a row since.
            if (await rows.ReadAsync(grainId, stateName) is { } stored)
            {
                throw Conflict("clear", stateName, grainId, stored.ETag, expected);
            }
        }
        else if (!await rows.TryDeleteAsync(grainId, stateName, expected))
        {
            throw await ConflictAsync("clear", stateName, grainId, expected);
        }

        grainState.State = GrainState.CreateDefault<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    async Task<InconsistentStateException> ConflictAsync(string operation, string stateName, GrainId grainId, string? expected) =>
        Conflict(operation, stateName, grainId, (await rows.ReadAsync(grainId, stateName))?.ETag, expected);

    InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? stored, string? expected)
    {
        LogConflict(name, operation, grainId, stateName, stored, expected);
        return new InconsistentStateException(
            $"The {operation} of state '{stateName}' of grain {grainId} in grain storage '{name}' ({rows.Location}) was refused.", stored, expected);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage '{Name}' is ready: {Location}")]
    private partial void LogReady(string name, string location);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain storage '{Name}': {Operation} of {GrainId} state '{StateName}' refused, stored ETag {StoredETag}, caller's ETag {CurrentETag}")]
    private partial void LogConflict(string name, string operation, GrainId grainId, string stateName, string? storedETag, string? currentETag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage '{Name}': the stored state '{StateName}' of {GrainId} cannot be read")]
    private partial void LogCorruptState(Exception exception, string name, GrainId grainId, string stateName);
}
