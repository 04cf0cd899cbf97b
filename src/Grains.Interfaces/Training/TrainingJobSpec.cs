
namespace BigDL.Grains;

/// <summary>A data-parallel training job: model, loss, optimizer, data and how the work is split.</summary>
/// <param name="ModelJson">The model's description (<c>ModelDescription.ToJson</c>).</param>
/// <param name="Loss">The loss: <c>softmax-cross-entropy</c>, <c>bce-with-logits</c> or <c>mse</c>.</param>
/// <param name="Optimizer">The optimizer each shard runs on its slice.</param>
/// <param name="Dataset">The data the replicas train on.</param>
/// <param name="GlobalBatchSize">Rows per synchronous step, summed over replicas.</param>
/// <param name="Replicas">Model replicas (data partitions), P.</param>
/// <param name="Shards">Parameter shards, S.</param>
/// <param name="Epochs">Passes over the data.</param>
/// <param name="StepsPerRound">Steps the driver schedules per round trip (group scheduling).</param>
/// <param name="CheckpointInterval">Steps between checkpoints of shard and driver state; 0 for none.</param>
/// <param name="Seed">Seeds the initial weights and the data order.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingJobSpec")]
public sealed record TrainingJobSpec(
    [Id(0)] string ModelJson,
    [Id(1)] string Loss,
    [Id(2)] OptimizerSpec Optimizer,
    [Id(3)] TrainingDataSpec Dataset,
    [Id(4)] int GlobalBatchSize,
    [Id(5)] int Replicas = 1,
    [Id(6)] int Shards = 1,
    [Id(7)] int Epochs = 1,
    [Id(8)] int StepsPerRound = 1,
    [Id(9)] int CheckpointInterval = 0,
    [Id(10)] int Seed = 0);

/// <summary>An optimizer by name and settings: <c>sgd</c> (with momentum) or <c>adam</c>.</summary>
/// <param name="Kind"><c>sgd</c> or <c>adam</c>.</param>
/// <param name="LearningRate">The learning rate.</param>
/// <param name="Momentum">SGD momentum (ignored by Adam).</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.OptimizerSpec")]
public sealed record OptimizerSpec([Id(0)] string Kind, [Id(1)] double LearningRate, [Id(2)] double Momentum = 0);

/// <summary>
/// The rows a job trains on (or a caller scores): generated rows, a pure function of the fields, or — with
/// <see cref="Kind"/> <c>table</c> — a CSV file or SQL query described by <see cref="Table"/>.
/// </summary>
/// <param name="Kind"><c>classification</c> (features → class index), <c>ncf</c> (user, item → clicked) or <c>table</c>.</param>
/// <param name="Rows">Generated: training rows. Table: 0 until the driver has read the source, then its training rows.</param>
/// <param name="Features">Classification: features per row. NCF: distinct users.</param>
/// <param name="Classes">Classification: classes. NCF: distinct items.</param>
/// <param name="Seed">The generator's seed (validation rows use <c>Seed + 1</c>); for a table, the seed of the validation split.</param>
/// <param name="ValidationRows">Generated: rows of the validation set evaluated after each epoch; 0 for none.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingDataSpec")]
public sealed record TrainingDataSpec([Id(0)] string Kind, [Id(1)] int Rows, [Id(2)] int Features, [Id(3)] int Classes, [Id(4)] int Seed = 0, [Id(5)] int ValidationRows = 0)
{
    /// <summary>
    /// Gets, for generated <c>classification</c> rows, the least gap between a row's two best teacher scores (0 keeps rows
    /// near the class boundaries), or null for the generator's default of 0.1.
    /// </summary>
    [Id(6)]
    public double? Margin { get; init; }

    /// <summary>Gets the table source, columns and transforms when <see cref="Kind"/> is <c>table</c>.</summary>
    [Id(7)]
    public TableDataSpec? Table { get; init; }

    /// <summary>Data read from <paramref name="table"/>'s source.</summary>
    public static TrainingDataSpec FromTable(TableDataSpec table, int seed = 0) =>
        new("table", 0, 0, 0, seed) { Table = table ?? throw new ArgumentNullException(nameof(table)) };
}
