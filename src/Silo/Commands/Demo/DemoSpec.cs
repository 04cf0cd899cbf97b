using System.Globalization;
using BigDL.Grains;

namespace BigDL.Silo.Commands.Demo;

/// <summary>
/// The demo's experiment, in the JSON form <c>bigdl experiment submit</c> reads: TPE with ASHA pruning over an MLP's
/// learning rate, width, depth and batch size, on generated 8-class data with no margin between classes (so settings matter).
/// Sized for a meaningful study in a minute or two on two busy cores.
/// </summary>
internal static class DemoSpec
{
    /// <summary>The trial budget when <c>--trials</c> is not given.</summary>
    public const int DefaultTrials = 24;

    /// <summary>Trials that run at once.</summary>
    public const int Parallelism = 2;

    /// <summary>Data-parallel replicas per trial: each trial trains through a training job, its batches split over two replicas.</summary>
    public const int Replicas = 2;

    /// <summary>The generated dataset every trial trains on (the trials generate the same rows from the seed).</summary>
    public static readonly DatasetSpec Dataset = new() { Rows = 60_000, Features = 32, Classes = 8, Seed = 42, Margin = 0 };

    /// <summary>The spec's JSON text for experiment <paramref name="name"/> with <paramref name="trials"/> trials.</summary>
    public static string Json(string name, int trials)
    {
        var d = Dataset;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "name": "{{name}}",
              "model": { "type": "mlp-classifier", "replicas": {{Replicas}} },
              "dataset": { "type": "synthetic-classification", "rows": {{d.Rows}}, "features": {{d.Features}}, "classes": {{d.Classes}}, "seed": {{d.Seed}}, "margin": {{d.Margin}} },
              "searchSpace": { "parameters": [
                { "name": "learning_rate", "type": "float", "low": 0.0003, "high": 0.1, "log": true },
                { "name": "hidden_units", "type": "int", "low": 16, "high": 512, "log": true },
                { "name": "layers", "type": "int", "low": 1, "high": 4 },
                { "name": "batch_size", "type": "categorical", "choices": [16, 32, 64, 128] }
              ] },
              "sampler": "tpe",
              "seed": 7,
              "pruner": { "type": "asha", "min_resource": 2, "reduction_factor": 3 },
              "metric": "val_accuracy",
              "budget": { "trials": {{trials}} },
              "parallelism": {{Parallelism}},
              "epochs": 12
            }
            """);
    }
}
