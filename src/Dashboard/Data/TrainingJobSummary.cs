using BigDL.Grains;

namespace BigDL.Dashboard.Data;

/// <summary>A training job's name with its status.</summary>
internal sealed record TrainingJobSummary(string Name, TrainingJobStatus Status)
{
    /// <summary>Gets the share of the job's steps applied, in [0, 1].</summary>
    public double Progress => Status.TotalSteps <= 0 ? 0 : Math.Min(1, (double)Status.Step / Status.TotalSteps);

    /// <summary>Reads the training jobs of the catalog, newest first.</summary>
    public static async Task<IReadOnlyList<TrainingJobSummary>> LoadAllAsync(IClusterClient client)
    {
        var entries = await client.GetGrain<ICatalogGrain>(CatalogKinds.TrainingJobs).List();
        return await Task.WhenAll(entries.Reverse().Select(e => LoadAsync(client, e.Name)));
    }

    public static async Task<TrainingJobSummary> LoadAsync(IClusterClient client, string name) =>
        new(name, await client.GetGrain<ITrainingJobGrain>(name).GetStatus());
}
