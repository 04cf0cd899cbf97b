using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>Sums what the replicas measured, round by round, into a job's telemetry.</summary>
internal sealed class TrainingTelemetryCounter
{
    double wallSeconds;
    long samples;
    long steps;
    double computeSeconds;
    double syncSeconds;
    double[] replicaSeconds = [];

    public void Add(ReplicaRoundResult[] round, int stepsApplied, int globalBatch, double roundSeconds)
    {
        if (replicaSeconds.Length != round.Length)
        {
            replicaSeconds = new double[round.Length];
        }

        wallSeconds += roundSeconds;
        samples += (long)stepsApplied * globalBatch;
        steps += stepsApplied;
        double roundCompute = 0, roundSync = 0;
        foreach (var r in round)
        {
            roundCompute += r.ComputeSeconds / round.Length;
            roundSync += r.SyncSeconds / round.Length;
            replicaSeconds[r.Index] += r.ComputeSeconds + r.SyncSeconds;
        }

        computeSeconds += roundCompute;
        syncSeconds += roundSync;
        ServiceMetrics.RoundApplied(stepsApplied, (long)stepsApplied * globalBatch, roundCompute, roundSync);
    }

    public TrainingTelemetry Snapshot()
    {
        if (steps == 0)
        {
            return TrainingTelemetry.Empty;
        }

        var compute = computeSeconds * 1000 / steps;
        var sync = syncSeconds * 1000 / steps;
        return new TrainingTelemetry(
            samples / Math.Max(wallSeconds, 1e-9),
            compute,
            sync,
            compute + sync > 0 ? sync / (compute + sync) : 0,
            [.. replicaSeconds.Select(s => s * 1000 / steps)]);
    }
}
