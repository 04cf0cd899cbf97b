using System.Collections.Immutable;
using BigDL.Grains;

namespace BigDL.Dashboard.Data;

/// <summary>The versions of every registered model, newest model first.</summary>
internal static class ModelEntries
{
    public static async Task<IReadOnlyList<(string Name, ImmutableArray<ModelVersionInfo> Versions)>> LoadAllAsync(IClusterClient client)
    {
        var entries = await client.GetGrain<ICatalogGrain>(CatalogKinds.Models).List();
        var rows = await Task.WhenAll(entries.Reverse().Select(async e => (e.Name, await client.GetGrain<IModelRegistryGrain>(e.Name).List())));
        return rows;
    }
}
