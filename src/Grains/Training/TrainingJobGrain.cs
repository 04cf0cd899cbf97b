using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace BigDL.Grains;

/// <summary>
/// The driver of a data-parallel job: validates the spec (reading a table and fitting its transforms once), then schedules rounds of <see cref="TrainingJobSpec.StepsPerRound"/>
/// steps on all replicas at once (group scheduling: one round trip per round, the replicas and shards synchronise each
/// step among themselves), records each step's global loss, epoch metrics and telemetry, and ends completed, diverged
/// or failed.
/// </summary>
/// <remarks>
/// Training runs in a one-shot interleaving grain timer, so <see cref="Start"/> returns at once and status reads
/// interleave with it. The shards' checkpoints are the truth on resume: a job found running when it activates (after a
/// restart, or on another silo after its own died) rolls every shard back to their common checkpoint and continues from
/// there, keeping the losses recorded up to that step; a shard lost mid-job makes it do the same.
/// </remarks>
public sealed partial class TrainingJobGrain(
    [PersistentState("job")] IPersistentState<TrainingJobRecord> record,
    IHostApplicationLifetime lifetime,
    IOptions<ReminderOptions> reminderOptions,
    IOptions<SiloMessagingOptions> messaging,
    ILogger<TrainingJobGrain> logger) : Grain, ITrainingJobGrain, IRemindable
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
            StartLoop(resume: true);
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

        if (record.State.State == TrainingJobState.Stopped)
        {
            throw new InvalidOperationException($"training job '{Name}' was stopped before it started ({record.State.Message}); start a new job under a new key");
        }

        var prepared = TrainingSpecValidator.Prepare(spec);
        record.State = new TrainingJobRecord { Spec = prepared, State = TrainingJobState.Running };
        await record.WriteStateAsync();
        await GrainFactory.GetGrain<ICatalogGrain>(CatalogKinds.TrainingJobs).Add(Name);

        // The shortest period the silo allows: after a restart the job resumes within one period, unasked.
        var period = reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(ResumeReminder, period, period);
        StartLoop(resume: false);
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
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <inheritdoc/>
    public Task<TrainingJobStatus> GetStatus()
    {
        var r = record.State;
        var total = r.Spec is null ? 0 : TrainingSetup.TotalSteps(r.Spec);
        var placement = r.ReplicaSilos.Count == 0 && r.ShardSilos.Count == 0 ? null : new TrainingPlacement(RuntimeIdentity, [.. r.ReplicaSilos], [.. r.ShardSilos]);
        return Task.FromResult(new TrainingJobStatus(
            r.State, r.Step, total, r.Message, [.. r.StepLosses], [.. r.Epochs], r.CheckpointStep, telemetry.Snapshot(), r.ResumedFrom, r.ReplicaRetries, r.Rollbacks, placement));
    }

    /// <inheritdoc/>
    public async Task<Immutable<float[]>> GetWeights()
    {
        var spec = record.State.Spec ?? throw new InvalidOperationException($"training job '{Name}' was never started");
        return (await AssembleAsync(spec)).AsImmutable();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job}: the resume reminder was not removed")]
    static partial void LogReminderNotRemoved(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job} failed")]
    static partial void LogJobFailed(ILogger logger, Exception exception, string job);
}
