namespace BigDL.Orleans.Storage;

/// <summary>Grain state rows in a dictionary; a lock makes each operation atomic, as one SQL statement is.</summary>
internal sealed class MemoryGrainStateRows : IGrainStateRows
{
    readonly Lock gate = new();
    readonly Dictionary<(string Type, string Key, string State), StoredGrainState> rows = [];

    public string Location => "memory";

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, string stateName)
    {
        lock (gate)
        {
            return Task.FromResult(rows.GetValueOrDefault((grainId.Type, grainId.Key, stateName)));
        }
    }

    public Task<bool> TryInsertAsync(GrainId grainId, string stateName, string payload, string eTag)
    {
        lock (gate)
        {
            return Task.FromResult(rows.TryAdd((grainId.Type, grainId.Key, stateName), new StoredGrainState(payload, eTag)));
        }
    }

    public Task<bool> TryUpdateAsync(GrainId grainId, string stateName, string payload, string expectedETag, string eTag)
    {
        var key = (grainId.Type, grainId.Key, stateName);
        lock (gate)
        {
            if (!rows.TryGetValue(key, out var stored) || stored.ETag != expectedETag)
            {
                return Task.FromResult(false);
            }

            rows[key] = new StoredGrainState(payload, eTag);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryDeleteAsync(GrainId grainId, string stateName, string expectedETag)
    {
        var key = (grainId.Type, grainId.Key, stateName);
        lock (gate)
        {
            return Task.FromResult(rows.TryGetValue(key, out var stored) && stored.ETag == expectedETag && rows.Remove(key));
        }
    }
}
