namespace BigDL.Orleans.Storage;

/// <summary>The row operations a grain storage provider needs from its store; each one is atomic on its own.</summary>
/// <remarks>
/// <see cref="GrainStorageCore"/> builds the Orleans ETag semantics on these, so every provider behaves the same way.
/// </remarks>
internal interface IGrainStateRows
{
    /// <summary>Gets where rows live, for messages: e.g. "table 'bigdl_grain_state' of SQLite file '/data/bigdl.db'".</summary>
    string Location { get; }

    /// <summary>Makes sure the table exists (or creates it when allowed); called once before the first operation.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<StoredGrainState?> ReadAsync(GrainId grainId, string stateName);

    /// <summary>Inserts a row unless one exists; false when one did.</summary>
    Task<bool> TryInsertAsync(GrainId grainId, string stateName, string payload, string eTag);

    /// <summary>Replaces the row whose ETag is <paramref name="expectedETag"/>; false when there is no such row.</summary>
    Task<bool> TryUpdateAsync(GrainId grainId, string stateName, string payload, string expectedETag, string eTag);

    /// <summary>Deletes the row whose ETag is <paramref name="expectedETag"/>; false when there is no such row.</summary>
    Task<bool> TryDeleteAsync(GrainId grainId, string stateName, string expectedETag);
}

/// <summary>One stored state: its JSON and its ETag.</summary>
internal sealed record StoredGrainState(string Payload, string ETag);
