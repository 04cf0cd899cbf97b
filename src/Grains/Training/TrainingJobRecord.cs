namespace BigDL.Grains;

/// <summary>A training job's persisted state: its spec, where it is, and the history a resumed job keeps.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingJobRecord")]
public sealed class TrainingJobRecord
{
    /// <summary>Gets or sets the spec as prepared (a table's fitted transforms and row count filled in), or null before the job started.</summary>
    [Id(0)]
    public TrainingJobSpec? Spec { get; set; }

    /// <summary>Gets or sets the job's state.</summary>
    [Id(1)]
    public TrainingJobState State { get; set; }

    /// <summary>Gets or sets the steps applied when this was written.</summary>
    [Id(2)]
    public long Step { get; set; }

    /// <summary>Gets or sets why the job ended.</summary>
    [Id(3)]
    public string? Message { get; set; }

    /// <summary>Gets or sets the global loss of every step applied.</summary>
    [Id(4)]
    public List<double> StepLosses { get; set; } = [];

    /// <summary>Gets or sets the per-epoch metrics.</summary>
    [Id(5)]
    public List<TrainingEpochMetrics> Epochs { get; set; } = [];

    /// <summary>Gets or sets the step of the last checkpoint the shards wrote (the data position to resume from).</summary>
    [Id(6)]
    public long CheckpointStep { get; set; }

    /// <summary>Gets or sets the checkpoint step the job last resumed from, or null.</summary>
    [Id(7)]
    public long? ResumedFrom { get; set; }

    /// <summary>Gets or sets how many replica calls were re-run after a replica failed or was released.</summary>
    [Id(8)]
    public int ReplicaRetries { get; set; }

    /// <summary>Gets or sets the rollback generation: raised by every rollback, so shards refuse pushes of rounds from before it.</summary>
    [Id(9)]
    public int Generation { get; set; }

    /// <summary>Gets or sets how many times the job rolled its shards back to a common checkpoint.</summary>
    [Id(10)]
    public int Rollbacks { get; set; }

    /// <summary>Gets or sets the silo of each replica (by index) in the last round, so a re-activated driver still reports its job's placement.</summary>
    [Id(11)]
    public List<string> ReplicaSilos { get; set; } = [];

    /// <summary>Gets or sets the silo of each shard (by index) when last asked.</summary>
    [Id(12)]
    public List<string> ShardSilos { get; set; } = [];
}
