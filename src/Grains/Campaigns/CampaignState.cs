namespace BigDL.Orleans.Grains;

/// <summary>A campaign's persisted state: its spec, phase, next due occurrence and run history.</summary>
public sealed class CampaignState
{
    /// <summary>Gets or sets the spec, or null before creation and after deletion.</summary>
    public CampaignSpec? Spec { get; set; }

    /// <summary>Gets or sets the phase.</summary>
    public CampaignPhase Phase { get; set; }

    /// <summary>Gets or sets the cron occurrence (UTC) the next run is due at, or null while paused.</summary>
    public DateTime? NextRunAt { get; set; }

    /// <summary>Gets or sets how many occurrences were skipped because the previous run was still going.</summary>
    public int Skipped { get; set; }

    /// <summary>Gets or sets the runs, oldest first.</summary>
    public List<CampaignRun> Runs { get; set; } = [];
}
