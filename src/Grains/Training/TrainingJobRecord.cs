namespace BigDL.Orleans.Grains;

/// <summary>A training job's persisted state: its spec, where it is, and the history a resumed job keeps.</summary>
public sealed class TrainingJobRecord
{
    /// <summary>Gets or sets the spec as prepared (a table's fitted transforms and row count filled in), or null before the job started.</summary>
    public TrainingJobSpec? Spec { get; set; }

    /// <summary>Gets or sets the job's state.</summary>
    public TrainingJobState State { get; set; }

    /// <summary>Gets or sets the steps applied when this was written.</summary>
    public long Step { get; set; }

    /// <summary>Gets or sets why the job ended.</summary>
    public string? Message { get; set; }

    /// <summary>Gets or sets the global loss of every step applied.</summary>
    public List<double> StepLosses { get; set; } = [];

    /// <summary>Gets or sets the per-epoch metrics.</summary>
    public List<TrainingEpochMetrics> Epochs { get; set; } = [];

    /// <summary>Gets or sets the step of the last checkpoint the shards wrote (the data position to resume from).</summary>
    public long CheckpointStep { get; set; }

    /// <summary>Gets or sets the checkpoint step the job last resumed from, or null.</summary>
    public long? ResumedFrom { get; set; }

    /// <summary>Gets or sets how many replica calls were re-run after a replica failed or was released.</summary>
    public int ReplicaRetries { get; set; }

    /// <summary>Gets or sets the rollback generation: raised by every rollback, so shards refuse pushes of rounds from before it.</summary>
    public int Generation { get; set; }

    /// <summary>Gets or sets how many times the job rolled its shards back to a common checkpoint.</summary>
    public int Rollbacks { get; set; }
}
