using System.Diagnostics.Metrics;

namespace BigDL.Grains;

/// <summary>
/// The service's own metrics beside Orleans' (meter <c>BigDL.Grains</c>): trials started and ended by outcome, and the
/// training steps, samples and compute/sync time of data-parallel jobs, for an operator to scrape.
/// </summary>
public static class ServiceMetrics
{
    /// <summary>The meter's name, for exporters to subscribe to.</summary>
    public const string MeterName = "BigDL.Grains";

    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> TrialsStarted = Meter.CreateCounter<long>("bigdl.trials.started", "{trial}", "Trial attempts started by experiments.");

    static readonly Counter<long> TrialsEnded = Meter.CreateCounter<long>("bigdl.trials.ended", "{trial}", "Trials ended, by status (complete, pruned, failed).");

    static readonly Counter<long> Steps = Meter.CreateCounter<long>("bigdl.training.steps", "{step}", "Synchronous training steps applied by data-parallel jobs.");

    static readonly Counter<long> Samples = Meter.CreateCounter<long>("bigdl.training.samples", "{sample}", "Training samples consumed by data-parallel jobs.");

    static readonly Histogram<double> ComputeTime = Meter.CreateHistogram<double>("bigdl.training.compute.duration", "s", "Replica forward/backward time per round, averaged over the round's replicas.");

    static readonly Histogram<double> SyncTime = Meter.CreateHistogram<double>("bigdl.training.sync.duration", "s", "Replica time pulling slices, pushing gradient chunks and waiting for the other replicas, per round.");

    internal static void TrialStarted() => TrialsStarted.Add(1);

    internal static void TrialEnded(TrialStatus status) => TrialsEnded.Add(1, new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant()));

    internal static void RoundApplied(int steps, long samples, double computeSeconds, double syncSeconds)
    {
        Steps.Add(steps);
        Samples.Add(samples);
        ComputeTime.Record(computeSeconds);
        SyncTime.Record(syncSeconds);
    }
}
