using System.Collections.Immutable;
using System.Globalization;
using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.MultiObjective;

namespace BigDL.Grains;

/// <summary>The trial side of the experiment: starting, hearing, finishing and retrying trials.</summary>
public sealed partial class ExperimentGrain
{
    /// <inheritdoc/>
    public Task<bool> Report(int number, int attempt, int epoch, double value) => ReportValues(number, attempt, epoch, [value]);

    /// <inheritdoc/>
    public async Task<bool> ReportValues(int number, int attempt, int epoch, ImmutableArray<double> values)
    {
        if (!IsCurrent(number, attempt))
        {
            return true; // a cancelled trial, or a run superseded by a retry
        }

        // A multi-objective study records the pruner's weighted score of each step (what it prunes on), else the first value.
        var scalarized = validated!.Scalarized; // validated is set whenever a trial is current
        var scored = scalarized is not null && values.Length == study.Directions.Length;
        var trial = study.Trials[number].WithIntermediate(epoch, scored ? scalarized!.Score(values) : values.IsDefaultOrEmpty ? double.NaN : values[0]);
        study = study.WithTrial(trial);
        var prune = (scored || !study.IsMultiObjective) && validated.Pruner.Prune(study, trial);
        if (prune)
        {
            study = study.WithTrial(trial with { State = TrialState.Pruned });
            Note(number).Reason = $"pruned after epoch {epoch}";
            await EndedAsync(study.Trials[number]);
        }
        else
        {
            await NotifyAsync(trial);
        }

        return prune;
    }

    /// <inheritdoc/>
    public async Task Finish(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!IsCurrent(result.Number, result.Attempt))
        {
            return;
        }

        var trial = study.Trials[result.Number];
        var note = Note(result.Number);
        note.Reason = result.Reason;
        var values = !result.Values.IsDefaultOrEmpty ? result.Values : result.Value is { } v ? [v] : [];
        var objectives = study.Directions.Length;
        trial = result.Status switch
        {
            TrialStatus.Complete when values.Length == objectives && values.All(double.IsFinite) => trial with { State = TrialState.Complete, Values = values },
            TrialStatus.Complete when values.Length != objectives && values.Length > 0 => Failed(note, $"the objective returned {values.Length} values for {objectives} objectives"),
            TrialStatus.Complete => Failed(note, $"the objective returned {(values.Length == 0 ? "no value" : string.Join(", ", values.Select(x => x.ToString(CultureInfo.InvariantCulture))))}"),
            TrialStatus.Pruned => trial with { State = TrialState.Pruned },
            _ => trial with { State = TrialState.Fail },
        };
        study = study.WithTrial(trial);
        await EndedAsync(trial);
        if (trial.State == TrialState.Complete && result.Model is { } model && IsBest(trial))
        {
            await RegisterModelAsync(trial, model);
        }

        FrozenTrial Failed(TrialNote n, string reason)
        {
            n.Reason = reason;
            return trial with { State = TrialState.Fail };
        }
    }

    /// <summary>Whether a complete trial is the new best (single objective) or joins the Pareto front (several).</summary>
    bool IsBest(FrozenTrial trial) =>
        study.IsMultiObjective ? Pareto.BestTrials(study).Any(t => t.Number == trial.Number) : study.BestTrial?.Number == trial.Number;

    bool IsCurrent(int number, int attempt) =>
        validated is not null && number >= 0 && number < study.Trials.Length && study.Trials[number].State == TrialState.Running
        && Note(number).Attempt == attempt && state.State.Phase is ExperimentPhase.Running or ExperimentPhase.Paused;

    /// <summary>Persists a trial's end together with the trials that take its slot, tells observers, and starts those trials.</summary>
    async Task EndedAsync(FrozenTrial trial)
    {
        // One write for both: a trial's end and its successor's parameters (written before it runs, so a restart knows
        // them). A write holds the whole study, so this halves the experiment's per-trial cost.
        var started = SampleTrials();
        await WriteAsync();
        var info = ToInfo(trial);
        LogTrialEnded(logger, Name, trial.Number, info.Status, info.Reason);
        ServiceMetrics.TrialEnded(info.Status);
        await NotifyAsync(trial);
        await LaunchAllAsync(started);
        await CheckDoneAsync();
    }

    /// <summary>Starts trials while the phase, the parallelism and the budgets allow, then completes the experiment when nothing is left.</summary>
    async Task FillSlotsAsync()
    {
        var started = SampleTrials();
        if (started.Count > 0)
        {
            await WriteAsync(); // persisted before the trials run, so a restart knows their parameters
            await LaunchAllAsync(started);
        }

        await CheckDoneAsync();
    }

    /// <summary>Records new trials, with their sampled parameters, in the free slots; the caller writes them before launching.</summary>
    List<FrozenTrial> SampleTrials()
    {
        var spec = validated!.Spec; // only called after a spec was validated
        var started = new List<FrozenTrial>();
        while (state.State.Phase == ExperimentPhase.Running
            && study.Trials.Count(t => t.State == TrialState.Running) < spec.Parallelism
            && study.Trials.Length < spec.Budget.Trials
            && !TimeIsUp())
        {
            // Recorded as running before sampling, so samplers with constant liar see it.
            var running = FrozenTrial.CreateRunning(study.Trials.Length);
            study = study.WithTrial(running);
            var trial = validated.Enqueued is { } enqueued && running.Number < enqueued.Count
                ? WithEnqueuedParams(running, enqueued[running.Number])
                : validated.Space.Sample(validated.Sampler, study, running).Trial;
            study = study.WithTrial(trial);
            state.State.Notes[trial.Number] = new TrialNote { Attempts = [new AttemptNote { Attempt = 1, StartedAt = DateTime.UtcNow }] };
            started.Add(trial);
        }

        return started;
    }

    async Task LaunchAllAsync(List<FrozenTrial> trials)
    {
        foreach (var trial in trials)
        {
            await LaunchAsync(trial);
        }
    }

    async Task LaunchAsync(FrozenTrial trial)
    {
        var note = Note(trial.Number);
        var attempt = note.Attempt;
        var assignment = new TrialAssignment(Name, trial.Number, attempt, validated!.Spec, ParamsOf(trial));
        await NotifyAsync(trial);
        try
        {
            var silo = await GrainFactory.GetGrain<ITrialGrain>(TrialKey(trial.Number, attempt)).Run(assignment);
            ServiceMetrics.TrialStarted();
            if (note.Attempts.LastOrDefault() is { } started && started.Attempt == attempt)
            {
                started.Silo = silo; // written with the next state write; the silo is for clients, not for recovery
            }
        }
        catch (Exception e)
        {
            // E.g. the silo it was placed on died during the call. The trial stays running in the study: the liveness
            // probe finds out whether the run started, and runs it again if it did not.
            LogLaunchFailed(logger, e, Name, trial.Number, attempt);
        }
    }

    string TrialKey(int number, int attempt) => $"{Name}/{number}/{attempt}";

    bool TimeIsUp() =>
        validated!.Spec.Budget.Minutes is { } minutes && state.State.StartedAt is { } started && DateTime.UtcNow - started > TimeSpan.FromMinutes(minutes);

    async Task CheckDoneAsync()
    {
        if (state.State.Phase != ExperimentPhase.Running || study.Trials.Any(t => t.State == TrialState.Running))
        {
            return;
        }

        if (study.Trials.Length >= validated!.Spec.Budget.Trials || TimeIsUp())
        {
            state.State.Phase = ExperimentPhase.Completed;
            state.State.FinishedAt = DateTime.UtcNow;
            await WriteAsync();
            LogFinished(logger, Name, ExperimentPhase.Completed);
            await StopAsync();
        }
    }

    /// <summary>
    /// Asks every trial recorded as running whether its grain still runs it, and re-runs (or fails, past the retry limit)
    /// those that do not: their silo died, or their run ended without a result. A trial that cannot be asked (its silo
    /// is dying and not yet declared dead) stays running until it answers, or until it has not answered
    /// <see cref="MaxUnansweredProbes"/> times in a row, so a retry never runs beside a run that may still be alive.
    /// </summary>
    async Task RecoverLostTrialsAsync()
    {
        var running = study.Trials.Where(t => t.State == TrialState.Running).Select(t => (t.Number, Note(t.Number).Attempt)).ToList();
        if (running.Count == 0)
        {
            return;
        }

        // In parallel: one dead silo must not hold up the answers of the others (the experiment waits for all of them).
        var answers = await Task.WhenAll(running.Select(r => ProbeAsync(r.Number, r.Attempt)));
        var relaunch = new List<FrozenTrial>();
        var changed = false;
        for (var i = 0; i < running.Count; i++)
        {
            var (number, attempt) = running[i];
            if (answers[i] is null)
            {
                var misses = unanswered.GetValueOrDefault((number, attempt)) + 1;
                if (misses < MaxUnansweredProbes)
                {
                    unanswered[(number, attempt)] = misses;
                    continue;
                }
            }

            unanswered.Remove((number, attempt));
            if (answers[i] == true)
            {
                continue;
            }

            // The grain is not reentrant, so nothing changed the study while the probes were out.
            var trial = study.Trials[number];
            var note = Note(number);
            changed = true;
            if (note.Attempts.LastOrDefault() is { } lost && lost.Attempt == attempt)
            {
                lost.LostAt = DateTime.UtcNow;
            }

            if (note.Attempt <= validated!.Spec.MaxRetries)
            {
                LogTrialLost(logger, Name, number, note.Attempt, "running it again");
                note.Attempt++;
                note.Attempts.Add(new AttemptNote { Attempt = note.Attempt, StartedAt = DateTime.UtcNow });
                var fresh = trial with { IntermediateValues = ImmutableSortedDictionary<int, double>.Empty };
                study = study.WithTrial(fresh);
                relaunch.Add(fresh);
            }
            else
            {
                LogTrialLost(logger, Name, number, note.Attempt, "no retries left");
                note.Reason = $"lost to silo failures {note.Attempt} times; no retries left (maxRetries {validated.Spec.MaxRetries})";
                var failed = trial with { State = TrialState.Fail };
                study = study.WithTrial(failed);
                await NotifyAsync(failed);
            }
        }

        if (changed)
        {
            await WriteAsync();
        }

        foreach (var trial in relaunch)
        {
            await LaunchAsync(trial);
        }
    }

    /// <summary>Whether the trial grain of this attempt runs it (true), does not (false), or could not be asked (null).</summary>
    async Task<bool?> ProbeAsync(int number, int attempt)
    {
        try
        {
            // A trial grain whose silo died re-activates empty on a live silo and answers false.
            return await GrainFactory.GetGrain<ITrialGrain>(TrialKey(number, attempt)).IsRunning().WaitAsync(ProbeTimeout);
        }
        catch (Exception e)
        {
            LogProbeFailed(logger, e, Name, number, attempt);
            return null;
        }
    }

    async Task RegisterModelAsync(FrozenTrial trial, Immutable<byte[]> model)
    {
        try
        {
            var parameters = ParamsOf(trial).ToImmutableDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "");
            var objectives = validated!.Spec.GetObjectives();
            var metrics = objectives.Select((o, i) => (o.Metric, Value: trial.Values[i])).ToImmutableDictionary(m => m.Metric, m => m.Value);
            await GrainFactory.GetGrain<IModelRegistryGrain>(Name).Register(model, metrics, parameters, $"experiment {Name} trial {trial.Number}");
        }
        catch (Exception e)
        {
            // The study is already persisted; a missing registry entry must not fail the trial.
            LogRegistryFailed(logger, e, Name, trial.Number);
        }
    }

    Task NotifyAsync(FrozenTrial trial)
    {
        if (observers.Count == 0)
        {
            return Task.CompletedTask;
        }

        var info = ToInfo(trial);
        return observers.Notify(o => o.OnTrialChanged(Name, info));
    }
}
