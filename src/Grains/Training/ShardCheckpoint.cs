namespace BigDL.Orleans.Grains;

/// <summary>A parameter shard's persisted state: its slice and optimizer state after <see cref="Step"/> steps.</summary>
public sealed class ShardCheckpoint
{
    /// <summary>Gets or sets the steps applied when this was written (0: no checkpoint yet).</summary>
    public long Step { get; set; }

    /// <summary>Gets or sets the slice's values.</summary>
    public float[] Values { get; set; } = [];

    /// <summary>Gets or sets the optimizer's step counter.</summary>
    public long OptimizerSteps { get; set; }

    /// <summary>Gets or sets the optimizer's named state buffers (moments) for the slice.</summary>
    public Dictionary<string, float[]> OptimizerState { get; set; } = [];

    /// <summary>Gets or sets the first step of <see cref="Losses"/>.</summary>
    public long LossesFrom { get; set; }

    /// <summary>Gets or sets the global losses of the steps the driver had not stored yet, so a resumed job has them all.</summary>
    public List<double> Losses { get; set; } = [];
}
