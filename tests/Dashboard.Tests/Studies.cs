using BigDL.Grains;
using BigDL.TestHost;

namespace BigDL.Dashboard.Tests;

/// <summary>Small studies of the paced objective, and waiting for them.</summary>
public static class Studies
{
    public const string XYSpace = """{"parameters":[{"name":"x","type":"float","low":0,"high":1},{"name":"y","type":"float","low":0,"high":1}]}""";

    /// <summary>A threshold pruner that stops, from epoch 2 on, trials whose value is still under 0.25 (about a quarter of them).</summary>
    public const string ThresholdPruner = """{"type":"threshold","lower":0.25,"n_warmup_steps":2}""";

    public static ExperimentSpec Paced(string name, int trials, int parallelism = 2, int epochs = 3, string? pruner = null) => new()
    {
        Name = name,
        Model = new ModelSpec { Type = PacedObjective.Type },
        SearchSpace = XYSpace,
        Sampler = "random",
        Seed = 5,
        Pruner = pruner,
        Budget = new BudgetSpec { Trials = trials },
        Parallelism = parallelism,
        Epochs = epochs,
    };

    public static async Task<ExperimentStatus> RunAsync(IClusterClient client, ExperimentSpec spec)
    {
        var grain = client.GetGrain<IExperimentGrain>(spec.Name);
        await grain.Start(spec);
        return await Eventually.MatchesAsync(grain.GetStatus, s => s.IsFinished, $"experiment '{spec.Name}' finished");
    }
}
