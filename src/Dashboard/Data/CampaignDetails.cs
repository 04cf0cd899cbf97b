using System.Collections.Immutable;
using BigDL.Grains;

namespace BigDL.Dashboard.Data;

/// <summary>A campaign's status with its run history.</summary>
internal sealed record CampaignDetails(CampaignStatus Status, ImmutableArray<CampaignRun> History)
{
    /// <summary>Reads the campaigns of the catalog, newest first.</summary>
    public static async Task<IReadOnlyList<CampaignDetails>> LoadAllAsync(IClusterClient client)
    {
        var entries = await client.GetGrain<ICatalogGrain>(CatalogKinds.Campaigns).List();
        return await Task.WhenAll(entries.Reverse().Select(e => LoadAsync(client, e.Name)));
    }

    public static async Task<CampaignDetails> LoadAsync(IClusterClient client, string name)
    {
        var grain = client.GetGrain<ICampaignGrain>(name);
        var status = grain.GetStatus();
        var history = grain.GetHistory();
        return new CampaignDetails(await status, await history);
    }
}
