using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace BigDL.Grains;

/// <summary>
/// Runs a campaign: at each occurrence of its cron schedule it starts an experiment <c>{campaign}-{run}</c> from the
/// template, warm-started with the best parameters of earlier runs, and keeps the history of runs.
/// </summary>
/// <remarks>
/// <para>
/// Scheduling: our reminders are periodic, so the grain registers one reminder whose due time is the next cron
/// occurrence and whose period is the silo's <see cref="ReminderOptions.MinimumReminderPeriod"/>, and re-registers it with a
/// new due time after each occurrence. Ticks between occurrences (a late timer, a restart that reloads the row) do
/// nothing, since each tick checks the persisted <see cref="CampaignState.NextRunAt"/>; the period only bounds how late
/// an occurrence can be noticed. This costs one reminder-table write per occurrence rather than one tick per period.
/// </para>
/// <para>
/// Overlap: an occurrence that falls while the previous run's experiment is still going is skipped (counted in
/// <see cref="CampaignStatus.Skipped"/>), as Quartz does for jobs that disallow concurrent execution; so each run can be
/// warm-started from every earlier run's final best. Occurrences missed while the silo was down fire once, then the
/// schedule goes on from now.
/// </para>
/// </remarks>
public sealed partial class CampaignGrain(
    [PersistentState("campaign")] IPersistentState<CampaignState> state,
    IEnumerable<ITrialObjective> objectives,
    IOptions<ReminderOptions> reminderOptions,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain, IRemindable
{
    const string TickReminder = "campaign-tick";

    CampaignSchedule? schedule;

    string Name => this.GetPrimaryKeyString();

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is { } spec)
        {
            try
            {
                schedule = CampaignSchedule.Parse(spec);
            }
            catch (CampaignSpecException e)
            {
                // E.g. a schedule with no occurrence left: the history stays readable, nothing more runs.
                LogCannotSchedule(logger, e, Name);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task Create(CampaignSpec spec)
    {
        if (state.State.Spec is not null)
        {
            throw new InvalidOperationException($"campaign '{Name}' already exists; use Update, or another name");
        }

        schedule = Validate(spec);
        state.State = new CampaignState { Spec = spec, Phase = CampaignPhase.Active, NextRunAt = schedule.NextAfter(DateTime.UtcNow) };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ICatalogGrain>(CatalogKinds.Campaigns).Add(Name);
        await ScheduleTickAsync();
        LogCreated(logger, Name, spec.Cron, spec.TimeZone, state.State.NextRunAt);
    }

    /// <inheritdoc/>
    public async Task Update(CampaignSpec spec)
    {
        if (state.State.Spec is null)
        {
            throw new InvalidOperationException($"campaign '{Name}' does not exist; use Create");
        }

        schedule = Validate(spec);
        state.State.Spec = spec;
        if (state.State.Phase == CampaignPhase.Active)
        {
            state.State.NextRunAt = schedule.NextAfter(DateTime.UtcNow);
        }

        await state.WriteStateAsync();
        if (state.State.Phase == CampaignPhase.Active)
        {
            await ScheduleTickAsync();
        }
    }

    /// <inheritdoc/>
    public async Task Pause()
    {
        if (state.State.Phase != CampaignPhase.Active)
        {
            return;
        }

        state.State.Phase = CampaignPhase.Paused;
        state.State.NextRunAt = null;
        await state.WriteStateAsync();
        await UnregisterTickAsync();
    }

    /// <inheritdoc/>
    public async Task Resume()
    {
        if (state.State.Phase != CampaignPhase.Paused || schedule is null)
        {
            return;
        }

        state.State.Phase = CampaignPhase.Active;
        state.State.NextRunAt = schedule.NextAfter(DateTime.UtcNow);
        await state.WriteStateAsync();
        await ScheduleTickAsync();
    }

    /// <inheritdoc/>
    public async Task Delete()
    {
        await UnregisterTickAsync();
        await state.ClearStateAsync();
        await GrainFactory.GetGrain<ICatalogGrain>(CatalogKinds.Campaigns).Remove(Name);
        state.State = new CampaignState();
        schedule = null;
        DeactivateOnIdle();
    }

    /// <inheritdoc/>
    public Task<CampaignStatus> GetStatus()
    {
        var s = state.State;
        return Task.FromResult(new CampaignStatus(Name, s.Phase, s.Spec, s.NextRunAt, s.Runs.Count, s.Skipped));
    }

    /// <inheritdoc/>
    public async Task<ImmutableArray<CampaignRun>> GetHistory()
    {
        await RefreshRunsAsync();
        return [.. state.State.Runs];
    }

    /// <inheritdoc/>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var s = state.State;
        if (s.Phase != CampaignPhase.Active || schedule is null)
        {
            await UnregisterTickAsync(); // deleted or paused: a tick already in flight when the reminder went
            return;
        }

        var now = DateTime.UtcNow;
        if (s.NextRunAt is not { } due)
        {
            await UnregisterTickAsync(); // the schedule has no occurrence left
            return;
        }

        if (now < due)
        {
            if (due - now > reminderOptions.Value.MinimumReminderPeriod)
            {
                await ScheduleTickAsync(); // a periodic tick before the occurrence (e.g. after Update): aim at it again
            }

            return;
        }

        await RefreshRunsAsync();
        if (s.Runs.Count > 0 && s.Runs[^1].FinishedAt is null)
        {
            s.Skipped++;
            LogSkipped(logger, Name, s.Runs[^1].Experiment);
        }
        else
        {
            await StartRunAsync(now);
        }

        s.NextRunAt = schedule.NextAfter(DateTime.UtcNow);
        await state.WriteStateAsync();
        await ScheduleTickAsync();
    }

    CampaignSchedule Validate(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parsed = CampaignSchedule.Parse(spec);
        try
        {
            ExperimentSpecValidator.Validate(spec.Experiment, TrialObjectives.Types(objectives));
        }
        catch (ExperimentSpecException e)
        {
            var prefix = e.Field + ": ";
            var message = e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
            throw new CampaignSpecException(e.Field == "$" ? "experiment" : $"experiment.{e.Field}", message);
        }

        return parsed;
    }

    async Task ScheduleTickAsync()
    {
        if (state.State.NextRunAt is not { } next)
        {
            await UnregisterTickAsync();
            return;
        }

        // Due times of any length are fine: the reminder service waits out long ones in capped timer steps.
        var due = TimeSpan.FromTicks(Math.Max(0, (next - DateTime.UtcNow).Ticks));
        await this.RegisterOrUpdateReminder(TickReminder, due, reminderOptions.Value.MinimumReminderPeriod);
    }

    async Task UnregisterTickAsync()
    {
        if (await this.GetReminder(TickReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} created: '{Cron}' in {TimeZone}, first run due {NextRunAt:o}")]
    static partial void LogCreated(ILogger logger, string campaign, string cron, string timeZone, DateTime? nextRunAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} started run {Experiment} with {WarmStarts} warm-start trials")]
    static partial void LogRunStarted(ILogger logger, string campaign, string experiment, int warmStarts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} skipped an occurrence: {Experiment} is still running")]
    static partial void LogSkipped(ILogger logger, string campaign, string experiment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign {Campaign} could not start run {Experiment}")]
    static partial void LogRunFailed(ILogger logger, Exception exception, string campaign, string experiment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign {Campaign} cannot be scheduled: its spec no longer validates")]
    static partial void LogCannotSchedule(ILogger logger, Exception exception, string campaign);
}
