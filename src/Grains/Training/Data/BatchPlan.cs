namespace BigDL.Grains;

/// <summary>
/// Which of a replica's rows train at each step. Epoch e visits all N training rows in an order seeded by the job seed and
/// e, cut into global batches of B (the last partial batch dropped); a replica trains on the rows of step k's batch that
/// its partition holds. Batch k is the same rows whatever the partitioning, so P replicas sum to the gradient of one.
/// </summary>
internal sealed class BatchPlan
{
    readonly int[] localOf;
    readonly int batch;
    readonly int seed;
    readonly int stepsPerEpoch;
    readonly int[] order;
    readonly List<int> rows = [];
    long epoch = -1;

    public BatchPlan(ReplicaPartition partition, int batch, int seed)
    {
        this.batch = batch;
        this.seed = seed;
        stepsPerEpoch = partition.TotalRows / batch;
        order = new int[partition.TotalRows];
        localOf = new int[partition.TotalRows];
        Array.Fill(localOf, -1);
        for (var i = 0; i < partition.GlobalRows.Length; i++)
        {
            localOf[partition.GlobalRows[i]] = i;
        }
    }

    /// <summary>The partition's rows (local indices) in global step <paramref name="step"/>'s batch; possibly none.</summary>
    public ReadOnlySpan<int> RowsAt(long step)
    {
        var e = step / stepsPerEpoch;
        if (e != epoch)
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            new Random(unchecked((seed * 1_000_003) + (int)e)).Shuffle(order);
            epoch = e;
        }

        rows.Clear();
        var first = (int)(step % stepsPerEpoch) * batch;
        for (var i = first; i < first + batch; i++)
        {
            var local = localOf[order[i]];
            if (local >= 0)
            {
                rows.Add(local);
            }
        }

        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows);
    }
}
