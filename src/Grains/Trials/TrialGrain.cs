using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Orleans.Placement;
using Microsoft.Extensions.Logging;

namespace BigDL.Grains;

/// <summary>
/// Runs one attempt of one trial: finds the objective of the spec's model type, trains, reports each epoch to the
/// experiment and obeys its prune answer, then reports how the run ended (exceptions and NaN end it failed).
/// </summary>
/// <remarks>
/// The run is a one-shot grain timer, so <see cref="Run"/> returns at once and the experiment never waits on training.
/// A timer tick starts a fresh call chain, so the trial's calls back to the experiment cannot look like a cycle. When the
/// host stops, the run ends without a report: the experiment then sees the trial as lost and runs it again.
/// Trials go to the less loaded of two silos, which spreads a study's parallel trials across a cluster. Calls to an
/// experiment whose silo died are sent again until it re-activates on a live silo (<see cref="ExperimentRetryWindow"/>);
/// a run that still cannot reach it, or whose objective fails with <see cref="SiloUnavailableException"/>, counts as
/// lost to a dead silo (the experiment runs it again) rather than as the objective failing.
/// </remarks>
[ActivationCountBasedPlacement]
public sealed partial class TrialGrain(IEnumerable<ITrialObjective> objectives, IHostApplicationLifetime lifetime, ILogger<TrialGrain> logger) : Grain, ITrialGrain, IDisposable
{
    /// <summary>How long calls to an unreachable experiment are retried: several times what the membership takes to declare its silo dead.</summary>
    static readonly TimeSpan ExperimentRetryWindow = TimeSpan.FromSeconds(90);

    readonly CancellationTokenSource cancelled = new();
    TrialAssignment? assignment;
    IGrainTimer? run;
    bool running;

    /// <inheritdoc/>
    public Task<string> Run(TrialAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (this.assignment is not null)
        {
            throw new InvalidOperationException($"trial grain {this.GetPrimaryKeyString()} already ran; each attempt has its own key");
        }

        this.assignment = assignment;
        running = true;
        run = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        return Task.FromResult(RuntimeIdentity);
    }

    /// <inheritdoc/>
    public Task Cancel()
    {
        cancelled.Cancel();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => cancelled.Dispose();

    /// <inheritdoc/>
    public Task<bool> IsRunning()
    {
        if (assignment is null)
        {
            // A probe re-activated the key of a run lost with its silo: nothing here to keep.
            DeactivateOnIdle();
        }

        return Task.FromResult(running);
    }

    async Task RunAsync(CancellationToken timerStopped)
    {
        // A running tick holds off deactivation, so the host's stopping signal is what ends a trial on shutdown.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(timerStopped, lifetime.ApplicationStopping, cancelled.Token);
        var cancellationToken = stopping.Token;
        var a = assignment!; // the timer is registered only after the assignment is set
        var experiment = GrainFactory.GetGrain<IExperimentGrain>(a.Experiment);
        TrialResult result;
        try
        {
            var objective = TrialObjectives.Find(objectives, a.Spec.Model.Type)
                ?? throw new InvalidOperationException($"no objective for model type '{a.Spec.Model.Type}' on this silo");
            var context = new TrialContext(a.Spec, a.Number, a.Params, async (epoch, value) =>
                cancelled.IsCancellationRequested || await CallExperimentAsync(() => experiment.Report(a.Number, a.Attempt, epoch, value), cancellationToken))
            {
                ReportMany = a.Spec.IsMultiObjective
                    ? async (epoch, values) => cancelled.IsCancellationRequested || await CallExperimentAsync(() => experiment.ReportValues(a.Number, a.Attempt, epoch, values), cancellationToken)
                    : null,
                GrainFactory = GrainFactory,
                TrainingJobKey = TrainingJobKeys.OfTrial(a.Experiment, a.Number, a.Attempt),
                EarlierTrainingJobKeys = [.. Enumerable.Range(1, a.Attempt - 1).Select(earlier => TrainingJobKeys.OfTrial(a.Experiment, a.Number, earlier))],
            };
            var outcome = await objective.RunAsync(context, cancellationToken);
            var values = outcome.Values ?? (outcome.Value is { } one ? [one] : []);
            result = outcome.Status == TrialStatus.Complete && (values.Count == 0 || values.Any(double.IsNaN))
                ? new TrialResult(a.Number, a.Attempt, TrialStatus.Failed, null, "the objective returned " + (values.Count == 0 ? "no value" : "NaN"), null)
                : new TrialResult(a.Number, a.Attempt, outcome.Status, outcome.Value, outcome.Reason, outcome.Model?.AsImmutable())
                {
                    Values = outcome.Values is { } many ? [.. many] : [],
                };
        }
        catch (Exception) when (cancelled.IsCancellationRequested)
        {
            result = new TrialResult(a.Number, a.Attempt, TrialStatus.Failed, null, "cancelled", null);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping: report nothing, so the experiment sees the trial as lost and runs it again.
            running = false;
            return;
        }
        catch (Exception e) when (IsSiloLoss(e))
        {
            // Lost to a dead silo, not failed: end without a result, so the experiment's probe runs the trial again.
            LogLost(logger, e, a.Experiment, a.Number, a.Attempt);
            running = false;
            DeactivateOnIdle();
            return;
        }
        catch (Exception e)
        {
            LogObjectiveFailed(logger, e, a.Experiment, a.Number);
            result = new TrialResult(a.Number, a.Attempt, TrialStatus.Failed, null, e.Message, null);
        }

        try
        {
            // A host that stops while the experiment is deactivating must not wait out a response timeout here; a result
            // that does not arrive makes the trial count as lost, and it runs again after the restart.
            await CallExperimentAsync(async () =>
            {
                await experiment.Finish(result);
                return true;
            }, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (IsSiloLoss(e))
        {
            LogLost(logger, e, a.Experiment, a.Number, a.Attempt);
        }
        catch (Exception e)
        {
            // The experiment refused or never took the result: end anyway, so its next probe counts the run as lost.
            LogResultNotTaken(logger, e, a.Experiment, a.Number, a.Attempt);
        }

        // Running until the experiment has the result: a probe in between must not take the trial for lost and rerun it.
        running = false;
        run?.Dispose();
        DeactivateOnIdle();
    }

    /// <summary>
    /// Calls the experiment, sending the call again while its silo is unavailable (it re-activates on a live silo) or it
    /// does not answer in time (it is busy or moving): reports and results are idempotent, so a repeat is harmless.
    /// </summary>
    static Task<T> CallExperimentAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        SiloLoss.RetryAsync(call, ExperimentRetryWindow, cancellationToken, retryTimeouts: true);

    static bool IsSiloLoss(Exception e) => SiloLoss.Is(e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Experiment} trial {Number} attempt {Attempt} was lost to a silo failure; the experiment runs it again")]
    static partial void LogLost(ILogger logger, Exception exception, string experiment, int number, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Experiment} trial {Number} attempt {Attempt}: the experiment did not take the result; its next probe counts the run as lost")]
    static partial void LogResultNotTaken(ILogger logger, Exception exception, string experiment, int number, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Experiment} trial {Number}: the objective failed")]
    static partial void LogObjectiveFailed(ILogger logger, Exception exception, string experiment, int number);
}
