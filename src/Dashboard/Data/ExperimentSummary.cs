using System.Text.Json;
using BigDL.Grains;

namespace BigDL.Dashboard.Data;

/// <summary>One row of the experiments list: an experiment's status with the sampler and pruner of its spec.</summary>
internal sealed record ExperimentSummary(ExperimentStatus Status, ExperimentSpec? Spec)
{
    /// <summary>Gets the trials that ended (complete, pruned or failed).</summary>
    public int Finished => Status.Complete + Status.Pruned + Status.Failed;

    /// <summary>Gets the share of the trial budget that ended, in [0, 1].</summary>
    public double Progress => Status.BudgetTrials <= 0 ? 0 : Math.Min(1, (double)Finished / Status.BudgetTrials);

    /// <summary>Gets the pruner's type (<c>median</c>, <c>asha</c>, ...) or <c>none</c>.</summary>
    public string PrunerName => PrunerType(Spec?.Pruner);

    /// <summary>Reads the experiments of the catalog, newest first.</summary>
    public static async Task<IReadOnlyList<ExperimentSummary>> LoadAllAsync(IClusterClient client)
    {
        var entries = await client.GetGrain<ICatalogGrain>(CatalogKinds.Experiments).List();
        var rows = await Task.WhenAll(entries.Reverse().Select(e => LoadAsync(client, e.Name)));
        return rows;
    }

    public static async Task<ExperimentSummary> LoadAsync(IClusterClient client, string name)
    {
        var grain = client.GetGrain<IExperimentGrain>(name);
        var status = grain.GetStatus();
        var spec = grain.GetSpec();
        return new ExperimentSummary(await status, await spec);
    }

    /// <summary>The <c>type</c> of a pruner's JSON, or <c>none</c>.</summary>
    public static string PrunerType(string? prunerJson)
    {
        if (string.IsNullOrWhiteSpace(prunerJson))
        {
            return "none";
        }

        try
        {
            using var doc = JsonDocument.Parse(prunerJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString() ?? "none"
                : "none";
        }
        catch (JsonException)
        {
            return "invalid";
        }
    }
}
