using BigDL.Orleans.Compute.Tensors;
using BigDL.Orleans.Compute.Training;

namespace BigDL.Orleans.Grains;

/// <summary>
/// The job's rows and their deterministic split: which rows each replica holds and which of them it trains on at a step.
/// </summary>
/// <remarks>
/// The rows are permuted once by the job's seed and cut into global batches of B; replica r holds the positions
/// [r·B/P, (r+1)·B/P) of every batch, so batch k is exactly the union of the replicas' k-th shares whatever P is. Each
/// epoch visits the batches in an order seeded by the epoch, the same on every replica. That is what makes P replicas
/// compute the same global gradient as one, up to summation order.
/// </remarks>
internal static class TrainingData
{
    /// <summary>Generates the full training set (<paramref name="validation"/>: the validation set, seeded by Seed + 1).</summary>
    public static Dataset Generate(TrainingDataSpec spec, bool validation = false)
    {
        var seed = validation ? spec.Seed + 1 : spec.Seed;
        var rows = validation ? spec.ValidationRows : spec.Rows;
        return spec.Kind switch
        {
            "classification" => SyntheticData.Classification(rows, spec.Features, spec.Classes, seed),
            "ncf" => Clicks(rows, spec.Features, spec.Classes, seed),
            _ => throw new TrainingSpecException("Dataset.Kind", $"'{spec.Kind}' is unknown; use classification or ncf"),
        };
    }

    /// <summary>The rows replica <paramref name="replica"/> holds, batch by batch (its share of batch k at [k·n, (k+1)·n)).</summary>
    public static Dataset Partition(TrainingJobSpec spec, int replica, out int rowsPerStep)
    {
        var all = Generate(spec.Dataset);
        var order = new int[all.Rows];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Random(spec.Seed).Shuffle(order);
        var b = spec.GlobalBatchSize;
        var (start, n) = Share(b, spec.Replicas, replica);
        var steps = TrainingSetup.StepsPerEpoch(spec);
        var rows = new int[steps * n];
        for (var k = 0; k < steps; k++)
        {
            Array.Copy(order, k * b + start, rows, k * n, n);
        }

        rowsPerStep = n;
        return Gather(all, rows);
    }

    /// <summary>Replica r's positions within a global batch of <paramref name="batch"/>: (start, count).</summary>
    public static (int Start, int Count) Share(int batch, int replicas, int replica)
    {
        var start = (int)((long)batch * replica / replicas);
        var end = (int)((long)batch * (replica + 1) / replicas);
        return (start, end - start);
    }

    /// <summary>The batch visited at global step <paramref name="step"/> (0-based).</summary>
    public static int BatchAt(TrainingJobSpec spec, long step, ref int[]? epochOrder, ref long epochOfOrder)
    {
        var steps = TrainingSetup.StepsPerEpoch(spec);
        var epoch = step / steps;
        if (epochOrder is null || epochOfOrder != epoch)
        {
            epochOrder = new int[steps];
            for (var i = 0; i < steps; i++)
            {
                epochOrder[i] = i;
            }

            new Random(unchecked(spec.Seed * 1_000_003 + (int)epoch)).Shuffle(epochOrder);
            epochOfOrder = epoch;
        }

        return epochOrder[(int)(step % steps)];
    }

    static Dataset Gather(Dataset all, int[] rows)
    {
        var inputs = all.Inputs.Select(t => GatherRows(t, rows)).ToArray();
        return new Dataset(inputs, GatherRows(all.Targets, rows));
    }

    static Tensor GatherRows(Tensor source, int[] rows)
    {
        var shape = source.Shape.ToArray();
        shape[0] = rows.Length;
        var result = new Tensor(shape);
        var width = source.RowLength;
        var from = source.Span;
        var to = result.Span;
        for (var i = 0; i < rows.Length; i++)
        {
            from.Slice(rows[i] * width, width).CopyTo(to.Slice(i * width, width));
        }

        return result;
    }

    // NCF clicks: a user clicks an item when their hidden 8-dimensional tastes agree (a seeded teacher per shape).
    static Dataset Clicks(int rows, int users, int items, int seed)
    {
        const int Rank = 8;
        var teacher = new Random(777 + users * 31 + items);
        var u = new float[users * Rank];
        var v = new float[items * Rank];
        for (var i = 0; i < u.Length; i++)
        {
            u[i] = (float)(teacher.NextDouble() * 2 - 1);
        }

        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)(teacher.NextDouble() * 2 - 1);
        }

        var random = new Random(seed);
        var user = new Tensor(rows, 1);
        var item = new Tensor(rows, 1);
        var clicked = new Tensor(rows, 1);
        for (var r = 0; r < rows; r++)
        {
            var a = random.Next(users);
            var b = random.Next(items);
            user.Span[r] = a;
            item.Span[r] = b;
            var score = System.Numerics.Tensors.TensorPrimitives.Dot(u.AsSpan(a * Rank, Rank), v.AsSpan(b * Rank, Rank));
            clicked.Span[r] = score > 0 ? 1 : 0;
        }

        return new Dataset([user, item], clicked);
    }
}
