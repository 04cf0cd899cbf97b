namespace BigDL.Grains;

/// <summary>An experiment's persisted state: its spec, its study (trials with parameters and values) and its phase.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.ExperimentState")]
public sealed class ExperimentState
{
    /// <summary>Gets or sets the submitted spec, or null before submission.</summary>
    [Id(0)]
    public ExperimentSpec? Spec { get; set; }

    /// <summary>Gets or sets the study as JSON written with the tuning library's options (distributions need its converter).</summary>
    [Id(1)]
    public string? Study { get; set; }

    /// <summary>Gets or sets the phase.</summary>
    [Id(2)]
    public ExperimentPhase Phase { get; set; }

    /// <summary>Gets or sets when the spec was submitted.</summary>
    [Id(3)]
    public DateTime? StartedAt { get; set; }

    /// <summary>Gets or sets when the experiment completed or was cancelled.</summary>
    [Id(4)]
    public DateTime? FinishedAt { get; set; }

    /// <summary>Gets or sets what the study does not hold about each trial, by trial number.</summary>
    [Id(5)]
    public Dictionary<int, TrialNote> Notes { get; set; } = [];
}

/// <summary>What an experiment keeps about a trial beside its study record: the current attempt and the reason it ended.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.TrialNote")]
public sealed class TrialNote
{
    /// <summary>Gets or sets the attempt now running or last run (1-based).</summary>
    [Id(0)]
    public int Attempt { get; set; } = 1;

    /// <summary>Gets or sets why the trial failed or was pruned, or null.</summary>
    [Id(1)]
    public string? Reason { get; set; }

    /// <summary>Gets or sets every start of the trial, first attempt first (empty in states written before attempts were kept).</summary>
    [Id(2)]
    public List<AttemptNote> Attempts { get; set; } = [];
}

/// <summary>One start of a trial as the experiment keeps it: the silo, when it started, when it was found lost.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.AttemptNote")]
public sealed class AttemptNote
{
    /// <summary>Gets or sets the 1-based attempt.</summary>
    [Id(0)]
    public int Attempt { get; set; }

    /// <summary>Gets or sets the address of the silo that ran it, or null until its start is acknowledged.</summary>
    [Id(1)]
    public string? Silo { get; set; }

    /// <summary>Gets or sets when it started (UTC).</summary>
    [Id(2)]
    public DateTime StartedAt { get; set; }

    /// <summary>Gets or sets when the experiment found it lost (UTC), or null.</summary>
    [Id(3)]
    public DateTime? LostAt { get; set; }
}
