using System.Diagnostics;
using BigDL.Orleans.Compute.Data;
using BigDL.Orleans.Timers;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Grains;

/// <summary>The training loop: rounds of steps on every replica, a failed replica's round re-run on its re-activation.</summary>
public sealed partial class TrainingJobGrain
{
    /// <summary>Times one replica's round (or scoring) is re-run after it failed before the job fails with it.</summary>
    const int MaxReplicaRetries = 3;

    void StartLoop() =>
        run ??= RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });

    async Task RunAsync(CancellationToken timerStopped)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(timerStopped, lifetime.ApplicationStopping);
        var r = record.State;
        var spec = r.Spec!; // the loop starts only for a started job
        try
        {
            await TrainAsync(spec, r, stopping.Token);
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
            await record.WriteStateAsync();
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

    async Task TrainAsync(TrainingJobSpec spec, TrainingJobRecord r, CancellationToken cancellationToken)
    {
        var shards = Shards(spec);
        var slices = await Task.WhenAll(shards.Select((s, i) => s.GetSlice(spec, i)));
        var step = slices[0].StepsApplied;
        if (slices.Any(s => s.StepsApplied != step))
        {
            throw new InvalidOperationException($"the shards' checkpoints disagree (steps {string.Join(", ", slices.Select(s => s.StepsApplied))}); cannot resume");
        }

        if (step > 0)
        {
            r.ResumedFrom = step;
        }

        // The record stores losses at epoch ends and checkpoint crossings; those of later steps up to the restored
        // checkpoint come from shard 0's checkpoint (the shards forget a step's loss only once the record has it).
        var persisted = Math.Min(r.StepLosses.Count, step);
        Resize(r.StepLosses, persisted);
        if (persisted < step)
        {
            r.StepLosses.AddRange((await shards[0].GetStepLosses(spec, 0, persisted, persisted)).Take((int)(step - persisted)));
        }

        var perEpoch = TrainingSetup.StepsPerEpoch(spec);
        Resize(r.StepLosses, step);
        r.Epochs.RemoveAll(e => e.Epoch > step / perEpoch);
        r.Step = step;
        var total = TrainingSetup.TotalSteps(spec);
        var replicas = Replicas(spec);

        // A round of zero steps activates the replicas and loads their partitions, so the telemetry times training only.
        await Task.WhenAll(replicas.Select((g, p) => RunRoundAsync(g, new ReplicaRound(Name, spec, p, step, 0), cancellationToken)));
        while (step < total)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var steps = (int)Math.Min(spec.StepsPerRound, perEpoch - step % perEpoch); // rounds end at epoch boundaries
            var clock = Stopwatch.StartNew();
            var first = step;
            var results = await Task.WhenAll(replicas.Select((g, p) => RunRoundAsync(g, new ReplicaRound(Name, spec, p, first, steps), cancellationToken)));

            // Every step needs every replica's chunk, so all end at the same step (earlier only when a shard diverged).
            var applied = (int)(results.Min(x => x.FirstStep + x.StepsApplied) - first);
            telemetry.Add(results, applied, spec.GlobalBatchSize, clock.Elapsed.TotalSeconds);

            // The shards summed the replicas' losses, so a replica that was re-run mid-round leaves no gap here.
            var losses = await shards[0].GetStepLosses(spec, 0, first, persisted);
            r.StepLosses.AddRange(losses.Take(applied));
            step += applied;
            r.Step = step;
            if (results.Any(x => x.Diverged))
            {
                r.State = TrainingJobState.Diverged;
                r.Message = $"the loss or gradients became NaN or infinite at step {step + 1}; the step was not applied and the last good checkpoint (step {r.CheckpointStep}) is kept";
                await record.WriteStateAsync();
                return;
            }

            var write = false;
            if (step % perEpoch == 0)
            {
                var epoch = (int)(step / perEpoch);
                var trainLoss = r.StepLosses.Skip((int)(step - perEpoch)).Take(perEpoch).Average();
                var validation = HasValidation(spec) ? await EvaluateAsync(spec, null, cancellationToken) : null;
                r.Epochs.Add(new TrainingEpochMetrics(epoch, trainLoss, validation?.Loss, validation?.Accuracy));
                write = true;
            }

            if (spec.CheckpointInterval > 0 && step / spec.CheckpointInterval * spec.CheckpointInterval > r.CheckpointStep)
            {
                r.CheckpointStep = step / spec.CheckpointInterval * spec.CheckpointInterval;
                write = true;
            }

            if (write)
            {
                await record.WriteStateAsync();
                persisted = step;
            }
        }

        // The final weights go to storage, so scoring after the shards' activations were collected still finds them.
        await Task.WhenAll(shards.Select((s, i) => s.Save(spec, i)));
        r.CheckpointStep = step;
        r.State = TrainingJobState.Completed;
        r.Message = $"completed {spec.Epochs} epochs ({total} steps)";
        await record.WriteStateAsync();
    }

    Task<ReplicaRoundResult> RunRoundAsync(IModelReplicaGrain replica, ReplicaRound round, CancellationToken cancellationToken) =>
        WithRetriesAsync(() => replica.RunSteps(round), round.Index, cancellationToken);

    // A replica call that fails (its silo died, it was released) is made again: the call re-activates the replica, which
    // reloads its partition and runs only what the shards still wait for. Bad data fails the same way every time, so it
    // is not retried.
    async Task<T> WithRetriesAsync<T>(Func<Task<T>> call, int replica, CancellationToken cancellationToken)
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
            }
        }
    }

    IModelReplicaGrain[] Replicas(TrainingJobSpec spec) =>
        [.. Enumerable.Range(0, spec.Replicas).Select(p => GrainFactory.GetGrain<IModelReplicaGrain>($"{Name}/{p}"))];

    static bool HasValidation(TrainingJobSpec spec) =>
        spec.Dataset.Kind == "table" ? spec.Dataset.Table?.ValidationFraction > 0 : spec.Dataset.ValidationRows > 0;

    // Losses recorded after the restored checkpoint are dropped; steps the record missed read as NaN.
    static void Resize(List<double> losses, long steps)
    {
        if (losses.Count > steps)
        {
            losses.RemoveRange((int)steps, losses.Count - (int)steps);
        }

        while (losses.Count < steps)
        {
            losses.Add(double.NaN);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job}: replica {Replica} failed (attempt {Attempt}); re-running its share on a re-activated replica")]
    static partial void LogReplicaRetry(ILogger logger, Exception exception, string job, int replica, int attempt);
}
