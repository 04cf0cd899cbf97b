namespace BigDL.Orleans.Storage;

/// <summary>A grain's stored state: loaded before activation, written when the grain says so.</summary>
public interface IPersistentState<TState>
{
    /// <summary>Gets or sets the state value.</summary>
    TState State { get; set; }

    /// <summary>Gets the version of the stored state this value came from; null if nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>Gets whether stored state exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage, discarding unwritten changes.</summary>
    Task ReadStateAsync();

    /// <summary>Writes the state; throws <see cref="InconsistentStateException"/> if another writer changed it, leaving storage as it was.</summary>
    Task WriteStateAsync();

    /// <summary>Deletes the stored state and resets the value to its default.</summary>
    Task ClearStateAsync();
}
