using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>
/// A recurring experiment (keyed by campaign name): at each occurrence of its cron schedule it starts an experiment
/// <c>{campaign}-{run}</c> from its template, warm-started with the best parameters of earlier runs. A durable reminder
/// drives it, so it keeps firing across silo restarts.
/// </summary>
[Alias("BigDL.Grains.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>Validates <paramref name="spec"/> (throwing <see cref="CampaignSpecException"/> naming the field) and schedules the campaign.</summary>
    /// <exception cref="InvalidOperationException">The campaign already exists.</exception>
    Task Create(CampaignSpec spec);

    /// <summary>Replaces the spec of an existing campaign; later runs use it and the next occurrence is recomputed.</summary>
    /// <exception cref="InvalidOperationException">The campaign does not exist.</exception>
    Task Update(CampaignSpec spec);

    /// <summary>Starts no new runs until <see cref="Resume"/>; a running experiment goes on.</summary>
    Task Pause();

    /// <summary>Starts runs again from the next occurrence after now (occurrences missed while paused are not made up).</summary>
    Task Resume();

    /// <summary>Unregisters the reminder and clears the campaign's state and history; its experiments are kept.</summary>
    Task Delete();

    /// <summary>Gets the campaign's phase, spec and schedule.</summary>
    Task<CampaignStatus> GetStatus();

    /// <summary>Gets every run, oldest first, with each finished run's best value and parameters.</summary>
    Task<ImmutableArray<CampaignRun>> GetHistory();
}
