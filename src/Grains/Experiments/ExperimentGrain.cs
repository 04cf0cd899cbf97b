using System.Collections.Immutable;
using System.Text.Json;
using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Importance;
using BigDL.Compute.Tuning.MultiObjective;
using BigDL.Compute.Tuning.Spec;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using Orleans.Hosting;

namespace BigDL.Grains;

/// <summary>
/// Runs an experiment's study: samples each trial's parameters, starts <see cref="ITrialGrain"/>s up to the parallelism,
/// answers prune questions, and writes its state after every trial change so a restarted silo resumes it.
/// </summary>
/// <remarks>
/// Trials that were running when the experiment last wrote its state and are no longer running anywhere were lost with
/// their silo: they run again with the same parameters, up to <see cref="ExperimentSpec.MaxRetries"/> times.
/// A durable reminder re-activates the experiment after a restart even when no client calls it.
/// </remarks>
public sealed partial class ExperimentGrain(
    [PersistentState("experiment")] IPersistentState<ExperimentState> state,
    IEnumerable<ITrialObjective> objectives,
    IOptions<ReminderOptions> reminderOptions,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IRemindable
{
    const string ResumeReminder = "experiment-resume";
    static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(5);

    /// <summary>How long a liveness probe of a trial may take before it counts as unanswered.</summary>
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many probes in a row a trial may leave unanswered before it counts as lost: about a minute of keep-alive ticks,
    /// far longer than the membership takes to declare a killed silo dead (after which the probe gets an answer).
    /// </summary>
    const int MaxUnansweredProbes = 12;

    readonly ObserverManager<IExperimentObserver> observers = new(TimeSpan.FromMinutes(5), logger);
    StudySnapshot study = new([StudyDirection.Maximize], []);
    ValidatedSpec? validated;
    IGrainTimer? keepAlive;

    /// <summary>The last parameter importance computed, for the objective and the number of complete trials it saw.</summary>
    (int Objective, int Complete, ImmutableArray<ParameterImportance> Importance)? importanceCache;

    /// <summary>Unanswered liveness probes in a row, by trial number and attempt.</summary>
    readonly Dictionary<(int Number, int Attempt), int> unanswered = [];

    string Name => this.GetPrimaryKeyString();

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.Spec is null)
        {
            return;
        }

        study = s.Study is { } json
            ? JsonSerializer.Deserialize<StudySnapshot>(json, TuningJson.Options) ?? throw new InvalidOperationException($"experiment '{Name}' has an empty study")
            : new StudySnapshot([s.Spec.Maximize ? StudyDirection.Maximize : StudyDirection.Minimize], []);
        try
        {
            validated = ExperimentSpecValidator.Validate(s.Spec, TrialObjectives.Types(objectives));
        }
        catch (ExperimentSpecException e)
        {
            // E.g. a model type whose objective this host no longer registers: the study stays readable but does not run.
            LogCannotResume(logger, e, Name);
            return;
        }

        if (s.Phase is ExperimentPhase.Running or ExperimentPhase.Paused)
        {
            await RecoverLostTrialsAsync();
            StartKeepAlive();
            await FillSlotsAsync();
        }
    }

    /// <inheritdoc/>
    public Task Submit(string specJson) => Start(ExperimentSpecJson.Parse(specJson));

    /// <inheritdoc/>
    public async Task Start(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Spec is not null)
        {
            throw new InvalidOperationException($"experiment '{Name}' was already submitted; use another name");
        }

        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            spec = spec with { Name = Name };
        }

        validated = ExperimentSpecValidator.Validate(spec, TrialObjectives.Types(objectives));
        study = new StudySnapshot(validated.Directions, []);
        state.State = new ExperimentState { Spec = spec, Phase = ExperimentPhase.Running, StartedAt = DateTime.UtcNow };
        await WriteAsync();
        await GrainFactory.GetGrain<ICatalogGrain>(CatalogKinds.Experiments).Add(Name);
        // The shortest period the silo allows: after a restart the experiment resumes within one period, unasked.
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(ResumeReminder, period, period);
        LogStarted(logger, Name, spec.Budget.Trials, spec.Parallelism);
        StartKeepAlive();
        await FillSlotsAsync();
    }

    /// <inheritdoc/>
    public Task<ExperimentStatus> GetStatus()
    {
        var s = state.State;
        var best = study.IsMultiObjective ? null : study.BestTrial;
        return Task.FromResult(new ExperimentStatus(
            Name,
            s.Phase,
            study.Trials.Count(t => t.State == TrialState.Running),
            study.Trials.Count(t => t.State == TrialState.Complete),
            study.Trials.Count(t => t.State == TrialState.Pruned),
            study.Trials.Count(t => t.State == TrialState.Fail),
            s.Spec?.Budget.Trials ?? 0,
            best?.Value,
            best?.Number,
            s.StartedAt,
            s.FinishedAt)
        {
            BestTrials = [.. BestTrials().Select(t => t.Number)],
            Silo = RuntimeIdentity,
        });
    }

    /// <inheritdoc/>
    public Task<ExperimentSpec?> GetSpec() => Task.FromResult(state.State.Spec);

    /// <inheritdoc/>
    public Task<ImmutableArray<TrialInfo>> GetTrials() => Task.FromResult(study.Trials.Select(ToInfo).ToImmutableArray());

    /// <inheritdoc/>
    public Task<TrialInfo?> GetBestTrial() => Task.FromResult(!study.IsMultiObjective && study.BestTrial is { } best ? ToInfo(best) : null);

    /// <inheritdoc/>
    public Task<ImmutableArray<TrialInfo>> GetBestTrials() => Task.FromResult(BestTrials().Select(ToInfo).ToImmutableArray());

    /// <inheritdoc/>
    public Task<ImmutableArray<ParameterImportance>> GetParameterImportance() => GetParameterImportanceOf(0);

    /// <inheritdoc/>
    public Task<ImmutableArray<ParameterImportance>> GetParameterImportanceOf(int objective)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(objective);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(objective, study.Directions.Length);
        // fANOVA fits a forest (about 150 ms at 500 trials) and a watching dashboard asks several times a second: it
        // reads only complete trials, which never change, so the answer holds until another trial completes.
        var complete = study.Trials.Count(t => t.State == TrialState.Complete);
        if (importanceCache is { } cached && cached.Objective == objective && cached.Complete == complete)
        {
            return Task.FromResult(cached.Importance);
        }

        var evaluator = new FanovaImportanceEvaluator(seed: state.State.Spec?.Seed ?? 0);
        var importance = evaluator.Evaluate(study, t => t.Values.Length > objective ? t.Values[objective] : double.NaN)
            .Select(p => new ParameterImportance(p.Name, p.Importance)).ToImmutableArray();
        importanceCache = (objective, complete, importance);
        return Task.FromResult(importance);
    }

    /// <summary>The Pareto front of a multi-objective study, or the best trial of a single-objective one.</summary>
    IReadOnlyList<FrozenTrial> BestTrials() =>
        study.IsMultiObjective ? Pareto.BestTrials(study) : study.BestTrial is { } best ? [best] : [];

    /// <inheritdoc/>
    public async Task Pause()
    {
        if (state.State.Phase == ExperimentPhase.Running)
        {
            state.State.Phase = ExperimentPhase.Paused;
            await WriteAsync();
        }
    }

    /// <inheritdoc/>
    public async Task Resume()
    {
        if (state.State.Phase == ExperimentPhase.Paused)
        {
            state.State.Phase = ExperimentPhase.Running;
            await WriteAsync();
            await FillSlotsAsync();
        }
    }

    /// <inheritdoc/>
    public async Task Cancel()
    {
        if (state.State.Phase is not (ExperimentPhase.Running or ExperimentPhase.Paused))
        {
            return;
        }

        // Running trials end here; they are told to stop, their next report is answered 'stop' and late results ignored.
        var running = study.Trials.Where(t => t.State == TrialState.Running).ToList();
        foreach (var t in running)
        {
            study = study.WithTrial(t with { State = TrialState.Fail });
            Note(t.Number).Reason = "cancelled";
        }

        state.State.Phase = ExperimentPhase.Cancelled;
        state.State.FinishedAt = DateTime.UtcNow;
        await WriteAsync();
        await StopAsync();
        foreach (var t in running)
        {
            await GrainFactory.GetGrain<ITrialGrain>(TrialKey(t.Number, Note(t.Number).Attempt)).Cancel();
        }
    }

    /// <inheritdoc/>
    public Task Subscribe(IExperimentObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task Unsubscribe(IExperimentObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The tick's work is done by activation (OnActivateAsync resumes); a finished experiment needs no more ticks.
        if (state.State.Phase is not (ExperimentPhase.Running or ExperimentPhase.Paused) && await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    async Task WriteAsync()
    {
        state.State.Study = JsonSerializer.Serialize(study, TuningJson.Options);
        await state.WriteStateAsync();
    }

    TrialNote Note(int number) =>
        state.State.Notes.TryGetValue(number, out var note) ? note : state.State.Notes[number] = new TrialNote();

    TrialInfo ToInfo(FrozenTrial t)
    {
        var note = Note(t.Number);
        var status = t.State switch
        {
            TrialState.Complete => TrialStatus.Complete,
            TrialState.Pruned => TrialStatus.Pruned,
            TrialState.Fail => TrialStatus.Failed,
            _ => TrialStatus.Running,
        };
        var value = t.Value ?? (t.State == TrialState.Pruned && t.LastStep is { } last ? t.IntermediateValues[last] : null);
        return new TrialInfo(t.Number, status, ParamsOf(t), value, [.. t.IntermediateValues.Select(kv => new StepValue(kv.Key, kv.Value))], note.Attempt, note.Reason)
        {
            Values = t.State == TrialState.Complete ? t.Values : [],
            Attempts = [.. note.Attempts.Select(a => new TrialAttempt(a.Attempt, a.Silo, a.StartedAt, a.LostAt))],
        };
    }

    /// <summary>The trial's user-facing parameters: sampled ones from the study, fixed ones from the search space.</summary>
    ImmutableDictionary<string, object?> ParamsOf(FrozenTrial t)
    {
        var values = ImmutableDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in t.Params)
        {
            values[name] = value;
        }

        foreach (var p in validated?.Space.Parameters ?? [])
        {
            if (p.Distribution is null && (p.Condition is not { } c || (values.TryGetValue(c.Parent, out var parent) && c.Values.Any(v => Equals(v, parent)))))
            {
                values[p.Name] = p.FixedValue;
            }
        }

        return values.ToImmutable();
    }

    /// <summary>
    /// Starts the timer that keeps the experiment active while trials run and, each tick, probes the running trials: a
    /// trial on a silo that died is found here, since nothing else would tell the experiment.
    /// </summary>
    void StartKeepAlive() =>
        keepAlive ??= this.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions(KeepAlivePeriod, KeepAlivePeriod) { KeepAlive = true });

    async Task TickAsync()
    {
        if (validated is null || state.State.Phase is not (ExperimentPhase.Running or ExperimentPhase.Paused))
        {
            return;
        }

        await RecoverLostTrialsAsync();
        await FillSlotsAsync();
    }

    async Task StopAsync()
    {
        keepAlive?.Dispose();
        keepAlive = null;
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Experiment} started: {Trials} trials, {Parallelism} at a time")]
    static partial void LogStarted(ILogger logger, string experiment, int trials, int parallelism);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Experiment} trial {Number} ended {Status}: {Reason}")]
    static partial void LogTrialEnded(ILogger logger, string experiment, int number, TrialStatus status, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Experiment} trial {Number} attempt {Attempt} was lost; {Outcome}")]
    static partial void LogTrialLost(ILogger logger, string experiment, int number, int attempt, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Experiment} could not start trial {Number} attempt {Attempt}; the next probe tells whether it runs")]
    static partial void LogLaunchFailed(ILogger logger, Exception exception, string experiment, int number, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Experiment} could not ask trial {Number} attempt {Attempt} whether it runs; asking again next tick")]
    static partial void LogProbeFailed(ILogger logger, Exception exception, string experiment, int number, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Experiment} could not register the model of trial {Number}")]
    static partial void LogRegistryFailed(ILogger logger, Exception exception, string experiment, int number);

    [LoggerMessage(Level = LogLevel.Error, Message = "Experiment {Experiment} cannot resume: its spec no longer validates on this host")]
    static partial void LogCannotResume(ILogger logger, Exception exception, string experiment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Experiment} {Phase}")]
    static partial void LogFinished(ILogger logger, string experiment, ExperimentPhase phase);
}
