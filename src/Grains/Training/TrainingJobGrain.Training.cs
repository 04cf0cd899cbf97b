using System.Diagnostics;
using BigDL.Compute.Data;
using Microsoft.Extensions.Logging;

namespace BigDL.Grains;

/// <summary>The training loop: rounds of steps on every replica, a failed replica's round re-run on its re-activation.</summary>
public sealed partial class TrainingJobGrain
{
    /// <summary>Times one replica's round (or scoring) is re-run after it failed before the round fails.</summary>
    const int MaxReplicaRetries = 3;

    // Losses of steps before this one are in the stored record, so the shards may forget them.
    long persisted;

    void StartLoop(bool resume)
    {
        if (run is not null)
        {
            return;
        }

        loopEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        run = this.RegisterGrainTimer(
            stopped => RunAsync(resume, stopped),
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
    }

    async Task RunAsync(bool resume, CancellationToken timerStopped)
    {
        try
        {
            await RunLoopAsync(resume, timerStopped);
        }
        finally
        {
            loopEnded?.TrySetResult();
            SignalProgress();
        }
    }

    async Task RunLoopAsync(bool resume, CancellationToken timerStopped)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(timerStopped, lifetime.ApplicationStopping, stopRequested.Token);
        var r = record.State;
        var spec = r.Spec!; // the loop starts only for a started job
        try
        {
            await TrainAsync(spec, r, resume, stopping.Token);
        }
        catch (Exception) when (stopRequested.IsCancellationRequested && !timerStopped.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await MarkStoppedAsync();
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping: the job stays Running and resumes from its last checkpoint when it activates again.
            run?.Dispose();
            run = null;
            return;
        }
        catch (Exception e)
        {
            LogJobFailed(logger, e, Name);
            r.State = TrainingJobState.Failed;
            r.Message = e.Message;
            await record.WriteStateAsync(CancellationToken.None);
        }

        run?.Dispose();
        run = null;
        try
        {
            await StopReminderAsync();
        }
        catch (Exception e)
        {
            LogReminderNotRemoved(logger, e, Name); // harmless: the next tick removes it
        }
    }

    // A resumed job (this activation found it running) first rolls the shards back to their common checkpoint, as does a
    // round that failed past its replicas' retries (a shard was lost with its silo, or the shards disagree). Rollbacks back
    // off, so a silo has time to be declared dead and its grains to find new homes; too many in a row fail the job.
    async Task TrainAsync(TrainingJobSpec spec, TrainingJobRecord r, bool resume, CancellationToken cancellationToken)
    {
        var total = TrainingSetup.TotalSteps(spec);
        var replicas = Replicas(spec);
        var shards = Shards(spec);
        long step = 0;
        var rollBack = resume;
        var warm = false;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (rollBack)
                {
                    step = await RollBackAsync(spec, r, shards, cancellationToken);
                    rollBack = false;
                }

                if (!warm)
                {
                    // A round of zero steps activates the replicas and loads their partitions, so the telemetry times training only.
                    NoteShards(await Task.WhenAll(shards.Select((s, i) => s.GetSlice(spec, i))));
                    await RunRoundsAsync(spec, replicas, step, 0, cancellationToken);
                    warm = true;
                }

                if (step >= total)
                {
                    await SaveFinalAsync(spec, shards, total);
                    break;
                }

                var (applied, diverged) = await TrainRoundAsync(spec, r, replicas, shards, step, cancellationToken);
                step += applied;
                failures = 0;
                if (diverged)
                {
                    r.State = TrainingJobState.Diverged;
                    r.Message = $"the loss or gradients became NaN or infinite at step {step + 1}; the step was not applied and the last good checkpoint (step {r.CheckpointStep}) is kept";
                    await record.WriteStateAsync(CancellationToken.None);
                    return;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not (DatasetException or TrainingSpecException) && ++failures <= MaxRollbacks)
            {
                var delay = TimeSpan.FromSeconds(1 << (failures - 1));
                LogRollingBack(logger, e, Name, failures, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
                rollBack = true;
            }
        }

        r.CheckpointStep = step;
        r.State = TrainingJobState.Completed;
        r.Message = $"completed {spec.Epochs} epochs ({total} steps)";
        await record.WriteStateAsync(CancellationToken.None);
    }

    // One round from `first`: the steps applied (all replicas end at the same step, earlier only when a shard diverged),
    // with the losses, epoch metrics and checkpoint step recorded.
    async Task<(int Applied, bool Diverged)> TrainRoundAsync(
        TrainingJobSpec spec, TrainingJobRecord r, IModelReplicaGrain[] replicas, IParameterShardGrain[] shards, long first, CancellationToken cancellationToken)
    {
        var perEpoch = TrainingSetup.StepsPerEpoch(spec);
        var steps = (int)Math.Min(spec.StepsPerRound, perEpoch - first % perEpoch); // rounds end at epoch boundaries
        var clock = Stopwatch.StartNew();
        var results = await RunRoundsAsync(spec, replicas, first, steps, cancellationToken);
        var applied = (int)(results.Min(x => x.FirstStep + x.StepsApplied) - first);
        telemetry.Add(results, applied, spec.GlobalBatchSize, clock.Elapsed.TotalSeconds);

        // The shards summed the replicas' losses, so a replica that was re-run mid-round leaves no gap here.
        var losses = await shards[0].GetStepLosses(spec, 0, first, persisted);
        r.StepLosses.AddRange(losses.Take(applied));
        var step = first + applied;
        r.Step = step;
        if (results.Any(x => x.Diverged))
        {
            return (applied, true);
        }

        var write = false;
        if (step % perEpoch == 0)
        {
            await RecordEpochAsync(spec, r, step, cancellationToken);
            write = true;
        }

        if (spec.CheckpointInterval > 0 && step / spec.CheckpointInterval * spec.CheckpointInterval > r.CheckpointStep)
        {
            r.CheckpointStep = step / spec.CheckpointInterval * spec.CheckpointInterval;
            write = true;
        }

        if (write)
        {
            await record.WriteStateAsync(CancellationToken.None);
            persisted = step;
            SignalProgress();
        }

        return (applied, false);
    }

    async Task RecordEpochAsync(TrainingJobSpec spec, TrainingJobRecord r, long step, CancellationToken cancellationToken)
    {
        var perEpoch = TrainingSetup.StepsPerEpoch(spec);
        var epoch = (int)(step / perEpoch);
        var trainLoss = r.StepLosses.Skip((int)(step - perEpoch)).Take(perEpoch).Average();
        var validation = HasValidation(spec) ? await EvaluateAsync(spec, null, cancellationToken) : null;
        r.Epochs.RemoveAll(e => e.Epoch >= epoch);
        r.Epochs.Add(new TrainingEpochMetrics(epoch, trainLoss, validation?.Loss, validation?.Accuracy));
    }

    // The final weights go to storage, so scoring after the shards' activations were collected still finds them. A shard
    // that came back from an older checkpoint since the last round (its silo died) makes the job roll back instead.
    async Task SaveFinalAsync(TrainingJobSpec spec, IParameterShardGrain[] shards, long total)
    {
        var saved = await Task.WhenAll(shards.Select((s, i) => s.Save(spec, i)));
        NoteShards(saved);
        if (saved.FirstOrDefault(s => s.StepsApplied != total) is { } behind)
        {
            throw new InvalidOperationException($"a shard is at step {behind.StepsApplied} after the last step {total} (it was lost and restored from a checkpoint)");
        }
    }

    // Every replica runs the round; the first to fail past its retries fails it at once rather than after the others,
    // which may be waiting on shards for that replica's steps until the rollback that follows releases them.
    async Task<ReplicaRoundResult[]> RunRoundsAsync(TrainingJobSpec spec, IModelReplicaGrain[] replicas, long first, int steps, CancellationToken cancellationToken)
    {
        var generation = record.State.Generation;
        var calls = replicas
            .Select((g, p) => WithRetriesAsync(() => g.RunSteps(new ReplicaRound(Name, spec, p, first, steps, generation)), p, generation, cancellationToken))
            .ToList();
        var running = new List<Task<ReplicaRoundResult>>(calls);
        while (running.Count > 0)
        {
            var done = await Task.WhenAny(running);
            running.Remove(done);
            if (!done.IsCompletedSuccessfully)
            {
                staleRounds = Task.WhenAll(running);
                await done; // throws its failure
            }
        }

        var results = calls.Select(c => c.Result).ToArray();
        record.State.ReplicaSilos = [.. results.OrderBy(x => x.Index).Select(x => x.Silo ?? "")]; // stored with the next write
        return results;
    }

    // A replica call that fails (its silo died, it was released) is made again: the call re-activates the replica, which
    // reloads its partition and runs only what the shards still wait for. Bad data fails the same way every time, so it
    // is not retried; nor is a round of a generation the job has rolled back from.
    async Task<T> WithRetriesAsync<T>(Func<Task<T>> call, int replica, int generation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt <= MaxReplicaRetries && !cancellationToken.IsCancellationRequested && e is not (DatasetException or TrainingSpecException))
            {
                LogReplicaRetry(logger, e, Name, replica, attempt);
                record.State.ReplicaRetries++;
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken); // a dead silo's grains need a moment to move
                if (generation != record.State.Generation)
                {
                    throw;
                }
            }
        }
    }

    IModelReplicaGrain[] Replicas(TrainingJobSpec spec) =>
        [.. Enumerable.Range(0, spec.Replicas).Select(p => GrainFactory.GetGrain<IModelReplicaGrain>($"{Name}/{p}"))];

    void NoteShards(ShardSlice[] slices) => record.State.ShardSilos = [.. slices.Select(s => s.Silo ?? "")];

    static bool HasValidation(TrainingJobSpec spec) =>
        spec.Dataset.Kind == "table" ? spec.Dataset.Table?.ValidationFraction > 0 : spec.Dataset.ValidationRows > 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job}: replica {Replica} failed (attempt {Attempt}); re-running its share on a re-activated replica")]
    static partial void LogReplicaRetry(ILogger logger, Exception exception, string job, int replica, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job}: a round failed past its retries (failure {Failures} in a row); rolling the shards back to their common checkpoint in {Seconds} s")]
    static partial void LogRollingBack(ILogger logger, Exception exception, string job, int failures, double seconds);
}
