using BigDL.Compute.Data;
using BigDL.Compute.Optim;
using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>
/// Checks a job spec before any grain trains and makes it concrete: each error is a <see cref="TrainingSpecException"/>
/// naming the option (and for a table, the file, line or column); a table is read, its transforms fitted and its
/// columns checked here, so a job that starts has data every replica can load.
/// </summary>
internal static class TrainingSpecValidator
{
    /// <summary>The spec the job runs: as given, or for a table with its row count, fitted transforms and feature columns filled in.</summary>
    public static TrainingJobSpec Prepare(TrainingJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var d = spec.Dataset ?? throw Bad(nameof(spec.Dataset), "is required");
        var o = spec.Optimizer ?? throw Bad(nameof(spec.Optimizer), "is required");
        Positive(spec.Replicas, nameof(spec.Replicas));
        Positive(spec.Shards, nameof(spec.Shards));
        Positive(spec.Epochs, nameof(spec.Epochs));
        Positive(spec.StepsPerRound, nameof(spec.StepsPerRound));
        Positive(spec.GlobalBatchSize, nameof(spec.GlobalBatchSize));
        if (spec.CheckpointInterval < 0)
        {
            throw Bad(nameof(spec.CheckpointInterval), $"is {spec.CheckpointInterval}; use 0 for no checkpoints or a positive step count");
        }

        if (d.Kind != "table" && spec.Replicas > d.Rows)
        {
            throw Bad(nameof(spec.Replicas), $"is {spec.Replicas}, more partitions than the dataset's {d.Rows} rows");
        }

        if (spec.GlobalBatchSize < spec.Replicas)
        {
            throw Bad(nameof(spec.GlobalBatchSize), $"is {spec.GlobalBatchSize}, smaller than Replicas ({spec.Replicas}): every replica needs at least one row per step");
        }

        if (!(o.LearningRate > 0) || !double.IsFinite(o.LearningRate))
        {
            throw Bad("Optimizer.LearningRate", $"is {o.LearningRate}; it must be positive and finite");
        }

        _ = TrainingSetup.CreateOptimizer(o);
        _ = TrainingSetup.CreateLoss(spec.Loss);
        int length;
        try
        {
            length = TrainingSetup.BuildModel(spec).Parameters.Length;
        }
        catch (Exception e) when (e is not TrainingSpecException)
        {
            throw new TrainingSpecException(nameof(spec.ModelJson), $"is not a model description: {e.Message}", e);
        }

        if (spec.Shards > (length + 15) / 16)
        {
            throw Bad(nameof(spec.Shards), $"is {spec.Shards}, more than the {(length + 15) / 16} 16-float blocks of the model's {length} parameters");
        }

        Dataset sample;
        if (d.Kind == "table")
        {
            (spec, sample) = TableDataPreparer.Prepare(spec);
            d = spec.Dataset;
        }
        else
        {
            Positive(d.Rows, "Dataset.Rows");
            if (d.ValidationRows < 0)
            {
                throw Bad("Dataset.ValidationRows", $"is {d.ValidationRows}; use 0 for none");
            }

            if (d.Margin is { } margin && !(margin >= 0 && margin <= 0.5))
            {
                throw Bad("Dataset.Margin", $"is {margin}; it must lie in [0, 0.5], or be left out for the default 0.1");
            }

            sample = GeneratedData.Generate(d with { Rows = 1, ValidationRows = 0 });
        }

        if (spec.Replicas > d.Rows)
        {
            throw Bad(nameof(spec.Replicas), $"is {spec.Replicas}, more partitions than the dataset's {d.Rows} rows");
        }

        if (spec.GlobalBatchSize > d.Rows)
        {
            throw Bad(nameof(spec.GlobalBatchSize), $"is {spec.GlobalBatchSize}, more than the dataset's {d.Rows} rows");
        }

        CheckModelTakes(spec, sample);
        return spec;
    }

    // One forward pass and loss on a row: data whose width or labels do not fit the model fails here, not in a replica.
    static void CheckModelTakes(TrainingJobSpec spec, Dataset sample)
    {
        var trainer = new Trainer(TrainingSetup.BuildModel(spec), TrainingSetup.CreateLoss(spec.Loss), new Sgd(1)); // never steps
        try
        {
            trainer.Evaluate(sample, [], new Dictionary<string, double>(StringComparer.Ordinal));
        }
        catch (Exception e) when (e is not TrainingSpecException)
        {
            var option = spec.Dataset.Kind == "table" ? "Dataset.Table.Features" : "Dataset.Features";
            throw new TrainingSpecException(option, $"gives rows the model cannot take: {e.Message}", e);
        }
    }

    static void Positive(int value, string option)
    {
        if (value <= 0)
        {
            throw Bad(option, $"is {value}; it must be positive");
        }
    }

    static TrainingSpecException Bad(string option, string problem) => new(option, problem);
}
