using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>Generated rows: a pure function of a <see cref="TrainingDataSpec"/>, so every grain rebuilds the same ones.</summary>
internal static class GeneratedData
{
    /// <summary>Generates the full training set (<paramref name="validation"/>: the validation set, seeded by Seed + 1).</summary>
    public static Dataset Generate(TrainingDataSpec spec, bool validation = false)
    {
        var seed = validation ? spec.Seed + 1 : spec.Seed;
        var rows = validation ? spec.ValidationRows : spec.Rows;
        return spec.Kind switch
        {
            "classification" => spec.Margin is { } margin
                ? SyntheticData.Classification(rows, spec.Features, spec.Classes, seed, (float)margin)
                : SyntheticData.Classification(rows, spec.Features, spec.Classes, seed),
            "ncf" => Clicks(rows, spec.Features, spec.Classes, seed),
            _ => throw new TrainingSpecException("Dataset.Kind", $"'{spec.Kind}' is unknown; use classification, ncf or table"),
        };
    }

    /// <summary>Rows <c>[start, start + count)</c> of <paramref name="all"/>.</summary>
    public static Dataset Slice(Dataset all, int start, int count) =>
        new([.. all.Inputs.Select(t => SliceRows(t, start, count))], SliceRows(all.Targets, start, count));

    static Tensor SliceRows(Tensor source, int start, int count)
    {
        var shape = source.Shape.ToArray();
        shape[0] = count;
        var result = new Tensor(shape);
        var width = source.RowLength;
        source.Span.Slice(start * width, count * width).CopyTo(result.Span);
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
