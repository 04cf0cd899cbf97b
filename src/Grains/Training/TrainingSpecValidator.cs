namespace BigDL.Orleans.Grains;

/// <summary>Checks a job spec before any grain trains: each error is a <see cref="TrainingSpecException"/> naming the option.</summary>
internal static class TrainingSpecValidator
{
    public static void Validate(TrainingJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var d = spec.Dataset ?? throw Bad(nameof(spec.Dataset), "is required");
        var o = spec.Optimizer ?? throw Bad(nameof(spec.Optimizer), "is required");
        Positive(spec.Replicas, nameof(spec.Replicas));
        Positive(spec.Shards, nameof(spec.Shards));
        Positive(spec.Epochs, nameof(spec.Epochs));
        Positive(spec.StepsPerRound, nameof(spec.StepsPerRound));
        Positive(spec.GlobalBatchSize, nameof(spec.GlobalBatchSize));
        Positive(d.Rows, "Dataset.Rows");
        if (spec.CheckpointInterval < 0)
        {
            throw Bad(nameof(spec.CheckpointInterval), $"is {spec.CheckpointInterval}; use 0 for no checkpoints or a positive step count");
        }

        if (spec.Replicas > d.Rows)
        {
            throw Bad(nameof(spec.Replicas), $"is {spec.Replicas}, more partitions than the dataset's {d.Rows} rows");
        }

        if (spec.GlobalBatchSize < spec.Replicas)
        {
            throw Bad(nameof(spec.GlobalBatchSize), $"is {spec.GlobalBatchSize}, smaller than Replicas ({spec.Replicas}): every replica needs at least one row per step");
        }

        if (spec.GlobalBatchSize > d.Rows)
        {
            throw Bad(nameof(spec.GlobalBatchSize), $"is {spec.GlobalBatchSize}, more than the dataset's {d.Rows} rows");
        }

        if (!(o.LearningRate > 0) || !double.IsFinite(o.LearningRate))
        {
            throw Bad("Optimizer.LearningRate", $"is {o.LearningRate}; it must be positive and finite");
        }

        _ = TrainingSetup.CreateOptimizer(o);
        _ = TrainingSetup.CreateLoss(spec.Loss);
        if (d.ValidationRows < 0)
        {
            throw Bad("Dataset.ValidationRows", $"is {d.ValidationRows}; use 0 for none");
        }

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

        _ = TrainingData.Generate(d with { Rows = 1, ValidationRows = 0 });
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
