using BigDL.Orleans.Runtime;

namespace BigDL.Orleans.Storage;

/// <summary>Binds one named state of one grain to its storage provider.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLoader
{
    readonly string stateName;
    readonly GrainId grainId;
    readonly IGrainStorage storage;
    readonly GrainState<TState> grainState = new();

    public PersistentState(string stateName, GrainId grainId, IGrainStorage storage)
    {
        this.stateName = stateName;
        this.grainId = grainId;
        this.storage = storage;
    }

    public TState State
    {
        get => grainState.State;
        set => grainState.State = value;
    }

    public string? Etag => grainState.ETag;

    public bool RecordExists => grainState.RecordExists;

    public Task ReadStateAsync() => storage.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync() => storage.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync() => storage.ClearStateAsync(stateName, grainId, grainState);
}
