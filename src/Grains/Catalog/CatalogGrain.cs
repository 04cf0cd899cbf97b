using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>Keeps the names of one kind of entity in grain storage.</summary>
public sealed class CatalogGrain([PersistentState("catalog")] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    /// <inheritdoc/>
    public async Task Add(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (state.State.Entries.ContainsKey(name))
        {
            return;
        }

        state.State.Entries[name] = DateTime.UtcNow;
        await state.WriteStateAsync();
    }

    /// <inheritdoc/>
    public async Task Remove(string name)
    {
        if (name is not null && state.State.Entries.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc/>
    public Task<ImmutableArray<CatalogEntry>> List() => Task.FromResult(
        state.State.Entries.Select(e => new CatalogEntry(e.Key, e.Value)).OrderBy(e => e.AddedAt).ThenBy(e => e.Name, StringComparer.Ordinal).ToImmutableArray());
}

/// <summary>A catalog's persisted entries.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.CatalogState")]
public sealed class CatalogState
{
    /// <summary>Gets or sets each name with the time it was added.</summary>
    [Id(0)]
    public Dictionary<string, DateTime> Entries { get; set; } = new(StringComparer.Ordinal);
}
