namespace BigDL.Orleans.Storage;

/// <summary>A grain state provider: reads, writes and clears one named state of one grain.</summary>
/// <remarks>
/// Writes are conditional: a provider compares <see cref="IGrainState{T}.ETag"/> with the stored one and throws
/// <see cref="InconsistentStateException"/> on a mismatch, leaving the stored state as it was.
/// </remarks>
public interface IGrainStorage
{
    /// <summary>Loads the state into <paramref name="grainState"/>; a missing row yields the default state, a null ETag and <c>RecordExists = false</c>.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Stores the state if the ETag still matches, then updates the ETag and sets <c>RecordExists</c>.</summary>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    /// <summary>Deletes the stored state if the ETag still matches, then resets the state to its default.</summary>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}
