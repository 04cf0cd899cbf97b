using System.Diagnostics;
using BigDL.Orleans.Compute.Nn;
using BigDL.Orleans.Compute.Optim;
using BigDL.Orleans.Compute.Training;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Reminders;
using BigDL.Orleans.Serialization;
using BigDL.Orleans.Storage;
using BigDL.Orleans.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Grains;

/// <summary>
/// The driver of a data-parallel job: validates the spec, then schedules rounds of <see cref="TrainingJobSpec.StepsPerRound"/>
/// steps on all replicas at once (group scheduling: one round trip per round, the replicas and shards synchronise each
/// step among themselves), records each step's global loss, epoch metrics and telemetry, and ends completed, diverged
/// or failed.
/// </summary>
/// <remarks>
/// Training runs in a one-shot interleaving grain timer, so <see cref="Start"/> returns at once and status reads
/// interleave with it. The shards' checkpoints are the truth on resume: a job found running after a restart continues
/// from the step its shards restored, keeping the losses recorded up to that step.
/// </remarks>
public sealed partial class TrainingJobGrain(
    [PersistentState("job")] IPersistentState<TrainingJobRecord> record,
    IHostApplicationLifetime lifetime,
    IOptions<SiloOptions> silo,
    ILogger<TrainingJobGrain> logger) : Grain, ITrainingJobGrain
{
    const string ResumeReminder = "training-resume";
    readonly TrainingTelemetryCounter telemetry = new();
    IGrainTimer? run;

    string Name => this.GetPrimaryKeyString();

    /// <inheritdoc/>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.State is { Spec: not null, State: TrainingJobState.Running })
        {
            StartLoop();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task Start(TrainingJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (record.State.Spec is not null)
        {
            throw new InvalidOperationException($"training job '{Name}' was already started; start a new job under a new key");
        }

        TrainingSpecValidator.Validate(spec);
        record.State = new TrainingJobRecord { Spec = spec, State = TrainingJobState.Running };
        await record.WriteStateAsync();
        await GrainFactory.GetGrain<ICatalogGrain>(CatalogKinds.TrainingJobs).Add(Name);

        // The shortest period the silo allows: after a restart the job resumes within one period, unasked.
        var period = silo.Value.MinimumReminderPeriod;
        await RegisterOrUpdateReminder(ResumeReminder, period, period);
        StartLoop();
    }

    /// <inheritdoc/>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation does the work (OnActivateAsync resumes a running job); an ended job needs no more ticks.
        if (record.State.State != TrainingJobState.Running)
        {
            await StopReminderAsync();
        }
    }

    async Task StopReminderAsync()
    {
        if (await GetReminder(ResumeReminder) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    /// <inheritdoc/>
    public Task<TrainingJobStatus> GetStatus()
    {
        var r = record.State;
        var total = r.Spec is null ? 0 : TrainingSetup.TotalSteps(r.Spec);
        return Task.FromResult(new TrainingJobStatus(r.State, r.Step, total, r.Message, [.. r.StepLosses], [.. r.Epochs], r.CheckpointStep, telemetry.Snapshot(), r.ResumedFrom));
    }

    /// <inheritdoc/>
    public async Task<Immutable<float[]>> GetWeights()
    {
        var spec = record.State.Spec ?? throw new InvalidOperationException($"training job '{Name}' was never started");
        return (await AssembleAsync(spec)).AsImmutable();
    }

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

        var perEpoch = TrainingSetup.StepsPerEpoch(spec);
        Resize(r.StepLosses, step);
        r.Epochs.RemoveAll(e => e.Epoch > step / perEpoch);
        r.Step = step;
        var total = TrainingSetup.TotalSteps(spec);
        var replicas = Enumerable.Range(0, spec.Replicas).Select(p => GrainFactory.GetGrain<IModelReplicaGrain>($"{Name}/{p}")).ToArray();

        // A round of zero steps activates the replicas and loads their partitions, so the telemetry times training only.
        await Task.WhenAll(replicas.Select((g, p) => g.RunSteps(new ReplicaRound(Name, spec, p, step, 0))));
        while (step < total)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var steps = (int)Math.Min(spec.StepsPerRound, perEpoch - step % perEpoch); // rounds end at epoch boundaries
            var clock = Stopwatch.StartNew();
            var first = step;
            var results = await Task.WhenAll(replicas.Select((g, p) => g.RunSteps(new ReplicaRound(Name, spec, p, first, steps))));
            var applied = results.Min(x => x.StepsApplied);
            telemetry.Add(results, applied, spec.GlobalBatchSize, clock.Elapsed.TotalSeconds);
            for (var i = 0; i < applied; i++)
            {
                r.StepLosses.Add(results.Sum(x => (double)x.Losses[i] * x.Rows) / spec.GlobalBatchSize);
            }

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
                r.Epochs.Add(new TrainingEpochMetrics(epoch, trainLoss, spec.Dataset.ValidationRows > 0 ? await ValidationLossAsync(spec) : null));
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
            }
        }

        r.State = TrainingJobState.Completed;
        r.Message = $"completed {spec.Epochs} epochs ({total} steps)";
        await record.WriteStateAsync();
    }

    async Task<double> ValidationLossAsync(TrainingJobSpec spec)
    {
        var weights = await AssembleAsync(spec);
        var validation = TrainingData.Generate(spec.Dataset, validation: true);
        var model = TrainingSetup.BuildModel(spec);
        weights.CopyTo(model.Parameters.Values, 0);
        var trainer = new Trainer(model, TrainingSetup.CreateLoss(spec.Loss), new Sgd(1)); // evaluation only: never steps
        return trainer.Evaluate(validation, [], new Dictionary<string, double>(StringComparer.Ordinal));
    }

    async Task<float[]> AssembleAsync(TrainingJobSpec spec)
    {
        var slices = await Task.WhenAll(Shards(spec).Select((s, i) => s.GetSlice(spec, i)));
        var weights = new float[slices.Max(s => s.Offset + s.Values.Value.Length)];
        foreach (var slice in slices)
        {
            slice.Values.Value.CopyTo(weights, slice.Offset);
        }

        return weights;
    }

    IParameterShardGrain[] Shards(TrainingJobSpec spec) =>
        [.. Enumerable.Range(0, spec.Shards).Select(s => GrainFactory.GetGrain<IParameterShardGrain>($"{Name}/{s}"))];

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job}: the resume reminder was not removed")]
    static partial void LogReminderNotRemoved(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job} failed")]
    static partial void LogJobFailed(ILogger logger, Exception exception, string job);
}
