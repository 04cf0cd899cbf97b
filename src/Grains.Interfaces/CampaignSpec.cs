
namespace BigDL.Grains;

/// <summary>A recurring experiment: a cron schedule in a time zone and the experiment spec each run starts from.</summary>
/// <remarks>
/// <see cref="Cron"/> is in Quartz's format (seconds first, <c>?</c> for "no specific day"): <c>0 0 3 * * ?</c> is
/// 03:00 every day, <c>0 */15 * * * ?</c> every quarter hour.
/// </remarks>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.CampaignSpec")]
public sealed record CampaignSpec
{
    /// <summary>Gets the schedule as a Quartz cron expression.</summary>
    [Id(0)]
    public string Cron { get; init; } = "";

    /// <summary>Gets the time zone id the schedule is read in (IANA or Windows id); UTC by default.</summary>
    [Id(1)]
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Gets the spec every run's experiment starts from (its name is replaced by the run's).</summary>
    [Id(2)]
    public ExperimentSpec Experiment { get; init; } = new();
}
