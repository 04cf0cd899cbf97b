namespace BigDL.Grains;

/// <summary>A campaign's persisted state: its spec, phase, next due occurrence and run history.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.CampaignState")]
public sealed class CampaignState
{
    /// <summary>Gets or sets the spec, or null before creation and after deletion.</summary>
    [Id(0)]
    public CampaignSpec? Spec { get; set; }

    /// <summary>Gets or sets the phase.</summary>
    [Id(1)]
    public CampaignPhase Phase { get; set; }

    /// <summary>Gets or sets the cron occurrence (UTC) the next run is due at, or null while paused.</summary>
    [Id(2)]
    public DateTime? NextRunAt { get; set; }

    /// <summary>Gets or sets how many occurrences were skipped because the previous run was still going.</summary>
    [Id(3)]
    public int Skipped { get; set; }

    /// <summary>Gets or sets the runs, oldest first.</summary>
    [Id(4)]
    public List<CampaignRun> Runs { get; set; } = [];
}
