namespace BigDL.Grains;

/// <summary>
/// A parameter shard's persisted state: its slice and optimizer state after <see cref="Step"/> steps, and the checkpoint
/// before it (a shard lost between two checkpoints of its peers makes the job roll back one checkpoint further).
/// </summary>
[GenerateSerializer]
[Alias("BigDL.Grains.ShardCheckpoint")]
public sealed class ShardCheckpoint
{
    /// <summary>Gets or sets the steps applied when this was written (0: no checkpoint yet).</summary>
    [Id(0)]
    public long Step { get; set; }

    /// <summary>Gets or sets the slice's values.</summary>
    [Id(1)]
    public float[] Values { get; set; } = [];

    /// <summary>Gets or sets the optimizer's step counter.</summary>
    [Id(2)]
    public long OptimizerSteps { get; set; }

    /// <summary>Gets or sets the optimizer's named state buffers (moments) for the slice.</summary>
    [Id(3)]
    public Dictionary<string, float[]> OptimizerState { get; set; } = [];

    /// <summary>Gets or sets the first step of <see cref="Losses"/>.</summary>
    [Id(4)]
    public long LossesFrom { get; set; }

    /// <summary>Gets or sets the global losses of the steps the driver had not stored yet, so a resumed job has them all.</summary>
    [Id(5)]
    public List<double> Losses { get; set; } = [];

    /// <summary>Gets or sets the job's rollback generation when this was written.</summary>
    [Id(6)]
    public int Generation { get; set; }

    /// <summary>Gets or sets the checkpoint written before this one (its own <see cref="Previous"/> is null), or null.</summary>
    [Id(7)]
    public ShardCheckpoint? Previous { get; set; }
}
