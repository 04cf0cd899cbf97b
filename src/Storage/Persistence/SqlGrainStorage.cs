using BigDL.Storage.Sql;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace BigDL.Storage.Persistence;

/// <summary>Orleans grain storage in a SQLite or PostgreSQL store, with ETag conflict detection and Orleans' serializer.</summary>
/// <remarks>
/// A write or clear whose ETag is not the stored one throws <see cref="InconsistentStateException"/> and changes
/// nothing. States become bytes through <see cref="IGrainStorageSerializer"/>, so a provider stores what Orleans' own
/// providers would.
/// </remarks>
internal sealed partial class SqlGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    readonly string name;
    readonly SqlStore store;
    readonly GrainStateRows rows;
    readonly IGrainStorageSerializer serializer;
    readonly bool deleteStateOnClear;
    readonly ILogger logger;

    public SqlGrainStorage(string name, SqlStore store, string serviceId, IGrainStorageSerializer serializer, bool deleteStateOnClear, ILogger<SqlGrainStorage> logger)
    {
        this.name = name;
        this.store = store;
        rows = new GrainStateRows(store, serviceId);
        this.serializer = serializer ?? throw new ArgumentNullException(nameof(serializer), $"Grain storage '{name}' has no GrainStorageSerializer.");
        this.deleteStateOnClear = deleteStateOnClear;
        this.logger = logger;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqlGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, InitializeAsync);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken);
        LogReady(name, store.Description);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var row = await rows.ReadAsync(stateName, grainId, cancellationToken);
        if (row?.Payload is not { } payload)
        {
            grainState.State = DefaultState.Create<T>();
            grainState.ETag = row?.ETag;
            grainState.RecordExists = false;
            return;
        }

        T? state;
        try
        {
            state = serializer.Deserialize<T>(new BinaryData(payload));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnreadable(e, name, grainId, stateName);
            throw new InvalidDataException(
                $"The stored state '{stateName}' of grain {grainId} in grain storage '{name}' ({store.Description}) cannot be read as {typeof(T).FullName}: {e.Message} " +
                $"Nothing was changed; fix the state type, or discard the state with ClearStateAsync and ETag {row.ETag}.", e);
        }

        grainState.State = state ?? DefaultState.Create<T>();
        grainState.ETag = row.ETag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var expected = grainState.ETag;
        var next = ETags.New();
        var written = expected is null
            ? await rows.TryInsertAsync(stateName, grainId, payload, next, cancellationToken)
            : await rows.TryUpdateAsync(stateName, grainId, payload, expected, next, cancellationToken);
        if (!written)
        {
            throw await ConflictAsync("write", stateName, grainId, expected, cancellationToken);
        }

        grainState.ETag = next;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = grainState.ETag;
        string? next = null;
        if (expected is null)
        {
            // Nothing was stored when this state was read: clearing is a no-op, unless another writer stored a row since.
            if (await rows.ReadAsync(stateName, grainId, cancellationToken) is { } stored)
            {
                throw Conflict("clear", stateName, grainId, stored.ETag, expected);
            }
        }
        else if (deleteStateOnClear)
        {
            if (!await rows.TryDeleteAsync(stateName, grainId, expected, cancellationToken))
            {
                throw await ConflictAsync("clear", stateName, grainId, expected, cancellationToken);
            }
        }
        else
        {
            next = ETags.New();
            if (!await rows.TryUpdateAsync(stateName, grainId, null, expected, next, cancellationToken))
            {
                throw await ConflictAsync("clear", stateName, grainId, expected, cancellationToken);
            }
        }

        grainState.State = DefaultState.Create<T>();
        grainState.ETag = next;
        grainState.RecordExists = false;
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();

    async Task<InconsistentStateException> ConflictAsync(string operation, string stateName, GrainId grainId, string? expected, CancellationToken cancellationToken) =>
        Conflict(operation, stateName, grainId, (await rows.ReadAsync(stateName, grainId, cancellationToken))?.ETag, expected);

    InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? stored, string? expected)
    {
        LogConflict(name, operation, grainId, stateName, stored, expected);
        return new InconsistentStateException(
            $"The {operation} of state '{stateName}' of grain {grainId} in grain storage '{name}' ({store.Description}) was refused: " +
            $"the stored ETag is {stored ?? "none"}, the caller's {expected ?? "none"}. Nothing was changed.",
            stored ?? string.Empty, expected ?? string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage '{Name}' is ready in {Database}")]
    private partial void LogReady(string name, string database);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain storage '{Name}': {Operation} of {GrainId} state '{StateName}' refused, stored ETag {StoredETag}, caller's ETag {CurrentETag}")]
    private partial void LogConflict(string name, string operation, GrainId grainId, string stateName, string? storedETag, string? currentETag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage '{Name}': the stored state '{StateName}' of {GrainId} cannot be read")]
    private partial void LogUnreadable(Exception exception, string name, GrainId grainId, string stateName);
}
