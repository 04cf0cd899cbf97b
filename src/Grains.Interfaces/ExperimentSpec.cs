using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace BigDL.Grains;

/// <summary>What an experiment tunes: the model, its data, the search space, the sampler, pruner, budget and parallelism.</summary>
/// <remarks>
/// The JSON form (see <see cref="ExperimentSpecJson"/>) keeps the search space and the pruner as raw JSON, read by the
/// tuning code's own spec readers when the experiment grain validates the spec.
/// </remarks>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ExperimentSpec")]
public sealed record ExperimentSpec
{
    /// <summary>Gets the experiment's display name.</summary>
    [Id(0)]
    public string Name { get; init; } = "";

    /// <summary>Gets the model each trial trains.</summary>
    [Id(1)]
    public ModelSpec Model { get; init; } = new();

    /// <summary>Gets the data each trial trains and validates on.</summary>
    [Id(2)]
    public DatasetSpec Dataset { get; init; } = new();

    /// <summary>Gets the search space as JSON: <c>{"parameters": [...]}</c> (the tuning spec's format).</summary>
    [Id(3)]
    public string SearchSpace { get; init; } = "";

    /// <summary>Gets the sampler's name (auto, random, qmc, tpe, tpe-multivariate, gp).</summary>
    [Id(4)]
    public string Sampler { get; init; } = "auto";

    /// <summary>Gets the sampler's seed.</summary>
    [Id(5)]
    public long Seed { get; init; }

    /// <summary>Gets the pruner as JSON (<c>{"type": "median", ...}</c>), or null for none.</summary>
    [Id(6)]
    public string? Pruner { get; init; }

    /// <summary>Gets the objective: <c>val_accuracy</c> (maximized) or <c>val_loss</c> (minimized); see <see cref="Objectives"/> for several.</summary>
    [Id(7)]
    public string Metric { get; init; } = "val_accuracy";

    /// <summary>
    /// Gets the objectives of a multi-objective study (Optuna's <c>directions</c>), e.g. accuracy maximized and latency
    /// minimized; empty for a single-objective study on <see cref="Metric"/>. Trials then report one value per objective,
    /// in this order, and the experiment keeps their Pareto front.
    /// </summary>
    public ImmutableArray<ObjectiveSpec> Objectives
    {
        get => objectives is null ? [] : [.. objectives.Split('\n').Select(line => line.Split('\t')).Select(f => new ObjectiveSpec(f[0], Enum.Parse<ObjectiveDirection>(f[1])))];
        init => objectives = value.IsDefaultOrEmpty ? null : string.Join('\n', value.Select(o => $"{o.Metric}\t{o.Direction}"));
    }

    // Objectives are kept as text so that the spec keeps value equality (a record compares an ImmutableArray by reference).
    [Id(8)]
    readonly string? objectives;

    /// <summary>Gets how many trials and how much time the experiment may spend.</summary>
    [Id(9)]
    public BudgetSpec Budget { get; init; } = new();

    /// <summary>Gets how many trials may run at once.</summary>
    [Id(10)]
    public int Parallelism { get; init; } = 1;

    /// <summary>Gets how many times a trial lost to infrastructure (a silo that died under it) is run again.</summary>
    [Id(11)]
    public int MaxRetries { get; init; } = 2;

    /// <summary>Gets the epochs each trial trains for (the pruner's steps).</summary>
    [Id(12)]
    public int Epochs { get; init; } = 5;

    /// <summary>
    /// Gets parameter sets to run as the first trials, before the sampler chooses (Optuna's <c>enqueue_trial</c>), as a
    /// JSON array of objects (<c>[{"learning_rate": 0.01, "optimizer": "adam"}]</c>), or null for none. A missing,
    /// unknown or out-of-range value is sampled instead, so a warm start from an older search space still runs.
    /// </summary>
    /// <remarks>Raw JSON like <see cref="SearchSpace"/>, which keeps the spec a plain value with value equality.</remarks>
    [Id(13)]
    public string? EnqueuedTrials { get; init; }

    /// <summary>Gets whether the metric is maximized.</summary>
    [JsonIgnore]
    public bool Maximize => Metric == "val_accuracy";

    /// <summary>Gets whether the study has more than one objective.</summary>
    [JsonIgnore]
    public bool IsMultiObjective => Objectives.Length > 1;

    /// <summary>The study's objectives: <see cref="Objectives"/>, or <see cref="Metric"/> alone in its natural direction.</summary>
    public ImmutableArray<ObjectiveSpec> GetObjectives() => Objectives.IsEmpty ? [ObjectiveSpec.For(Metric)] : Objectives;
}

/// <summary>The model a trial trains; trial parameters of the same names override these defaults.</summary>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ModelSpec")]
public sealed record ModelSpec
{
    /// <summary>Gets the model type; <c>mlp-classifier</c> is built in.</summary>
    [Id(0)]
    public string Type { get; init; } = "mlp-classifier";

    /// <summary>Gets the data-parallel replicas per trial: more than 1 trains each trial through a training job across the cluster.</summary>
    [Id(1)]
    public int Replicas { get; init; } = 1;

    /// <summary>Gets the default width of each hidden layer (parameter <c>hidden_units</c>).</summary>
    [Id(2)]
    public int HiddenUnits { get; init; } = 32;

    /// <summary>Gets the default number of hidden layers (parameter <c>layers</c>).</summary>
    [Id(3)]
    public int Layers { get; init; } = 1;

    /// <summary>Gets the default Adam learning rate (parameter <c>learning_rate</c>).</summary>
    [Id(4)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Gets the default batch size (parameter <c>batch_size</c>).</summary>
    [Id(5)]
    public int BatchSize { get; init; } = 32;

    /// <summary>Gets the default dropout rate (parameter <c>dropout</c>).</summary>
    [Id(6)]
    public double Dropout { get; init; }
}

/// <summary>The data of an experiment; only generated classification data for now.</summary>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.DatasetSpec")]
public sealed record DatasetSpec
{
    /// <summary>Gets the dataset type; <c>synthetic-classification</c> is the only one for now.</summary>
    [Id(0)]
    public string Type { get; init; } = "synthetic-classification";

    /// <summary>Gets the training rows (validation gets a quarter as many, drawn with the next seed).</summary>
    [Id(1)]
    public int Rows { get; init; } = 512;

    /// <summary>Gets the input features.</summary>
    [Id(2)]
    public int Features { get; init; } = 8;

    /// <summary>Gets the classes.</summary>
    [Id(3)]
    public int Classes { get; init; } = 3;

    /// <summary>Gets the generator's seed.</summary>
    [Id(4)]
    public int Seed { get; init; }

    /// <summary>
    /// Gets the least gap between a row's two best teacher scores (0 keeps rows near the class boundaries, a harder
    /// problem), at most 0.5; null for the generator's default of 0.1.
    /// </summary>
    [Id(5)]
    public double? Margin { get; init; }
}

/// <summary>How much an experiment may spend: a number of trials and, optionally, wall-clock minutes.</summary>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.BudgetSpec")]
public sealed record BudgetSpec
{
    /// <summary>Gets the number of trials to finish.</summary>
    [Id(0)]
    public int Trials { get; init; } = 20;

    /// <summary>Gets the minutes after which no new trial starts, or null for no time limit.</summary>
    [Id(1)]
    public double? Minutes { get; init; }
}
