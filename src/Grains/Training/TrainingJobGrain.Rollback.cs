namespace BigDL.Grains;

/// <summary>Rolling a job back to the last checkpoint every shard has: after a lost shard, and when a lost driver resumes.</summary>
public sealed partial class TrainingJobGrain
{
    /// <summary>Rollbacks in a row (no round completing between them) before the job fails.</summary>
    const int MaxRollbacks = 6;

    // Rounds of the generation rolled back from, still running; awaited before the next round so they cannot race it.
    Task? staleRounds;

    // A lost shard comes back at its last checkpoint while the others are further on; a lost driver finds the shards
    // anywhere in a round it never saw end. Either way every shard goes back to the newest checkpoint all of them have
    // (each keeps its last two; shards checkpoint the same steps, so that is the oldest of their last ones) under a new
    // generation, which makes them refuse pushes of earlier rounds. The data position is the step, so the batches from
    // there on are the ones the job would have trained on.
    async Task<long> RollBackAsync(TrainingJobSpec spec, TrainingJobRecord r, IParameterShardGrain[] shards, CancellationToken cancellationToken)
    {
        // Stored first: a driver activated later must pick a generation no shard has seen.
        r.Generation++;
        r.Rollbacks++;
        await record.WriteStateAsync(CancellationToken.None);

        var slices = await Task.WhenAll(shards.Select((s, i) => s.GetSlice(spec, i)));
        var target = slices.Min(s => s.CheckpointStep);
        var restored = await Task.WhenAll(shards.Select((s, i) => s.Restore(spec, i, target, r.Generation)));
        NoteShards(restored);
        await DrainStaleRoundsAsync(cancellationToken);

        // Losses of steps up to the target the record lacks (those after its last write) come from shard 0's checkpoint.
        if (r.StepLosses.Count > target)
        {
            r.StepLosses.RemoveRange((int)target, r.StepLosses.Count - (int)target);
        }

        if (r.StepLosses.Count < target)
        {
            var known = r.StepLosses.Count;
            r.StepLosses.AddRange((await shards[0].GetStepLosses(spec, 0, known, 0)).Take((int)(target - known)));
            while (r.StepLosses.Count < target)
            {
                r.StepLosses.Add(double.NaN); // older than the checkpoint's losses and never stored: unknown
            }
        }

        var perEpoch = TrainingSetup.StepsPerEpoch(spec);
        r.Epochs.RemoveAll(e => e.Epoch > target / perEpoch);
        if (target > 0 && target % perEpoch == 0 && r.Epochs.All(e => e.Epoch != target / perEpoch))
        {
            await RecordEpochAsync(spec, r, target, cancellationToken); // the rollback came between the epoch's last step and its metrics
        }

        r.Step = target;
        r.CheckpointStep = target;
        r.ResumedFrom = target;
        await record.WriteStateAsync(CancellationToken.None);
        persisted = target;
        return target;
    }

    async Task DrainStaleRoundsAsync(CancellationToken cancellationToken)
    {
        if (staleRounds is not { } stale)
        {
            return;
        }

        staleRounds = null;
        try
        {
            await stale.WaitAsync(messaging.Value.ResponseTimeout, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Expected: their pushes are refused now. One still running after a response timeout cannot push any more either.
        }
    }
}
