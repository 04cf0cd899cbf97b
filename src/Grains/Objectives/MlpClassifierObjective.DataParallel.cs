using BigDL.Compute.Nn;
using BigDL.Compute.Serialization;

namespace BigDL.Grains;

/// <summary>A trial with <c>model.replicas</c> &gt; 1: the MLP trains data-parallel through a <see cref="ITrainingJobGrain"/>.</summary>
/// <remarks>
/// The job trains with the trial's global batch spread over the replicas (synchronous SGD, so the same math as one
/// process) while the trial follows it epoch by epoch, reports each epoch's validation metrics to the pruner and stops
/// the job when pruned. The job goes on training while the pruner decides, as Optuna's trials do between reports. A
/// job survives the loss of a silo on its own (it resumes from its checkpoint on a live silo), so the trial calls it
/// again rather than counting itself lost. Each attempt has its own job; a retried attempt stops the earlier ones' jobs.
/// </remarks>
public sealed partial class MlpClassifierObjective
{
    /// <summary>How long one long poll of the job waits for its next epoch.</summary>
    static readonly TimeSpan EpochWait = TimeSpan.FromSeconds(5);

    /// <summary>How long calls to a job whose silo died are sent again: several times what the membership takes to declare a silo dead.</summary>
    static readonly TimeSpan JobRetryWindow = TimeSpan.FromSeconds(90);

    /// <summary>Steps the job's driver schedules per round trip (rounds end at epoch boundaries).</summary>
    const int StepsPerRound = 8;

    static async Task<TrialOutcome> RunDataParallelAsync(TrialContext context, Settings settings, Model model, CancellationToken cancellationToken)
    {
        var grains = context.GrainFactory
            ?? throw new InvalidOperationException("data-parallel trials (model.replicas > 1) train through grains, and this trial runs outside a silo");
        foreach (var earlier in context.EarlierTrainingJobKeys)
        {
            await StopQuietlyAsync(grains.GetGrain<ITrainingJobGrain>(earlier), $"attempt {context.TrainingJobKey} replaces it");
        }

        var job = grains.GetGrain<ITrainingJobGrain>(context.TrainingJobKey);
        try
        {
            await job.Start(JobSpec(context, settings, model)).WaitAsync(cancellationToken);
        }
        catch (TrainingSpecException e)
        {
            return TrialOutcome.Failed($"data-parallel training refused the trial's settings: {e.Message}");
        }

        try
        {
            return await FollowAsync(context, job, model, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            await StopQuietlyAsync(job, "the trial was cancelled or its silo is stopping");
            throw;
        }
    }

    /// <summary>Reports each epoch of the job as it is recorded, until the job ends or the pruner stops it.</summary>
    static async Task<TrialOutcome> FollowAsync(TrialContext context, ITrainingJobGrain job, Model model, CancellationToken cancellationToken)
    {
        var values = new EpochValues(context, model);
        var reported = 0;
        while (true)
        {
            var progress = await CallJobAsync(() => job.WaitForEpochs(reported, EpochWait), cancellationToken);
            foreach (var epoch in progress.Epochs.Where(e => e.Epoch > reported))
            {
                if (await values.MeasureAsync(epoch.Epoch, epoch.ValidationLoss, epoch.ValidationAccuracy, cancellationToken) is { } failure)
                {
                    await StopQuietlyAsync(job, failure);
                    return TrialOutcome.Failed(failure);
                }

                reported = epoch.Epoch;
                if (await context.ReportValuesAsync(epoch.Epoch, values.Current))
                {
                    await StopQuietlyAsync(job, $"pruned after epoch {epoch.Epoch}");
                    return TrialOutcome.Pruned(values.Current[0], epoch.Epoch);
                }
            }

            switch (progress.State)
            {
                case TrainingJobState.Running:
                    continue;
                case TrainingJobState.Completed when reported >= context.Spec.Epochs:
                    var weights = (await CallJobAsync(job.GetWeights, cancellationToken)).Value;
                    weights.CopyTo(model.Parameters.Values, 0);
                    return values.Complete(model);
                default:
                    return TrialOutcome.Failed($"data-parallel training ended {progress.State.ToString().ToLowerInvariant()} after {reported} of {context.Spec.Epochs} epochs: {progress.Message}");
            }
        }
    }

    /// <summary>The job of one trial: the trial's MLP and Adam on the spec's generated rows, its batch as the global batch.</summary>
    static TrainingJobSpec JobSpec(TrialContext context, Settings settings, Model model)
    {
        var d = context.Spec.Dataset;
        var data = new TrainingDataSpec("classification", d.Rows, d.Features, d.Classes, d.Seed, Math.Max(d.Rows / 4, 1)) { Margin = settings.Margin };
        var stepsPerEpoch = Math.Max(d.Rows / Math.Max(settings.BatchSize, 1), 1);
        return new TrainingJobSpec(
            ModelDescription.ToJson(model),
            "softmax-cross-entropy",
            new OptimizerSpec("adam", settings.LearningRate),
            data,
            settings.BatchSize,
            Replicas: context.Spec.Model.Replicas,
            Shards: 1,
            Epochs: context.Spec.Epochs,
            StepsPerRound: StepsPerRound,
            CheckpointInterval: stepsPerEpoch, // a job that loses its driver or shard resumes from the last epoch's end
            Seed: settings.InitSeed);
    }

    /// <summary>Calls the job, sending the call again while its silo is unavailable (the job resumes on a live silo).</summary>
    static Task<T> CallJobAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        SiloLoss.RetryAsync(call, JobRetryWindow, cancellationToken);

    /// <summary>Stops a job, best effort and bounded: a job that cannot be reached now is stopped by the next attempt, or ends on its own.</summary>
    static async Task StopQuietlyAsync(ITrainingJobGrain job, string reason)
    {
        try
        {
            await job.Stop(reason).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // Best effort by design: whatever kept the stop from landing (a dead or stopping silo, a timeout), the job is
            // stopped by the trial's next attempt or ends on its own; it must not turn the trial's outcome into a failure.
        }
    }
}
