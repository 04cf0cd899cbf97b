using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>Where a campaign is in its life.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.CampaignPhase")]
public enum CampaignPhase
{
    /// <summary>Not created, or deleted.</summary>
    None,

    /// <summary>Starting a run at each cron occurrence.</summary>
    Active,

    /// <summary>Starting no runs until resumed.</summary>
    Paused,
}

/// <summary>A campaign as clients see it.</summary>
/// <param name="Name">The campaign's grain key.</param>
/// <param name="Phase">Active, paused, or none.</param>
/// <param name="Spec">The current spec, or null when there is none.</param>
/// <param name="NextRunAt">The next cron occurrence (UTC) a run is due at, or null when paused or none.</param>
/// <param name="Runs">How many runs were started.</param>
/// <param name="Skipped">How many occurrences were skipped because the previous run had not finished.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.CampaignStatus")]
public sealed record CampaignStatus([Id(0)] string Name, [Id(1)] CampaignPhase Phase, [Id(2)] CampaignSpec? Spec, [Id(3)] DateTime? NextRunAt, [Id(4)] int Runs, [Id(5)] int Skipped);

/// <summary>One run of a campaign: the experiment it started and what that experiment found.</summary>
/// <param name="Number">The 1-based run number.</param>
/// <param name="Experiment">The experiment's name (<c>{campaign}-{number}</c>).</param>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="FinishedAt">When its experiment finished, or null while it runs.</param>
/// <param name="BestValue">The best objective value of the run, or null.</param>
/// <param name="BestParams">The parameters of the best trial, as invariant text, or empty.</param>
/// <param name="WarmStarts">How many parameter sets of earlier runs the experiment was given to try first.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.CampaignRun")]
public sealed record CampaignRun(
    [Id(0)] int Number,
    [Id(1)] string Experiment,
    [Id(2)] DateTime StartedAt,
    [Id(3)] DateTime? FinishedAt,
    [Id(4)] double? BestValue,
    [Id(5)] ImmutableDictionary<string, string> BestParams,
    [Id(6)] int WarmStarts)
{
    /// <summary>Gets the Pareto front of a multi-objective run (its experiment's <c>GetBestTrials</c>); empty for one objective.</summary>
    [Id(7)]
    public ImmutableArray<CampaignTrial> BestTrials { get; init; } = [];
}

/// <summary>A trial on a campaign run's Pareto front: its objective values, in the spec's order, and its parameters as invariant text.</summary>
/// <param name="Values">One value per objective.</param>
/// <param name="Params">The parameters, as invariant text.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.CampaignTrial")]
public sealed record CampaignTrial([Id(0)] ImmutableArray<double> Values, [Id(1)] ImmutableDictionary<string, string> Params);
