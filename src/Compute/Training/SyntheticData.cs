using BigDL.Compute.Tensors;

namespace BigDL.Compute.Training;

/// <summary>Seeded generated datasets for tests, benchmarks and demos.</summary>
public static class SyntheticData
{
    /// <summary>
    /// A separable multi-class problem: x ~ U(−1, 1)^features, class = argmax of a random linear teacher W·x, keeping only
    /// points whose top two teacher scores differ by at least <paramref name="margin"/>. Targets are class indices [rows].
    /// </summary>
    public static Dataset Classification(int rows, int features, int classes, int seed, float margin = 0.1f)
    {
        var teacherRandom = new Random(12345 + features * 31 + classes); // one teacher per problem shape, whatever the seed
        var teacher = new float[classes * features];
        for (var i = 0; i < teacher.Length; i++)
        {
            teacher[i] = (float)(teacherRandom.NextDouble() * 2 - 1);
        }

        var random = new Random(seed);
        var x = new Tensor(rows, features);
        var y = new Tensor(rows);
        var xs = x.Span;
        var scores = new float[classes];
        for (var r = 0; r < rows;)
        {
            var row = xs.Slice(r * features, features);
            for (var f = 0; f < features; f++)
            {
                row[f] = (float)(random.NextDouble() * 2 - 1);
            }

            for (var c = 0; c < classes; c++)
            {
                scores[c] = System.Numerics.Tensors.TensorPrimitives.Dot(row, teacher.AsSpan(c * features, features));
            }

            var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores);
            var second = float.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                if (c != best)
                {
                    second = MathF.Max(second, scores[c]);
                }
            }

            if (scores[best] - second >= margin)
            {
                y.Span[r++] = best;
            }
        }

        return new Dataset(x, y);
    }

    /// <summary>A noisy sine series cut into windows: inputs [rows, lookback, 1], targets [rows, 1] (the next value).</summary>
    public static Dataset SineWindows(int rows, int lookback, int seed, float noise = 0.05f)
    {
        var random = new Random(seed);
        var x = new Tensor(rows, lookback, 1);
        var y = new Tensor(rows, 1);
        for (var r = 0; r < rows; r++)
        {
            var phase = random.NextDouble() * 2 * Math.PI;
            for (var t = 0; t <= lookback; t++)
            {
                var v = (float)(Math.Sin(phase + t * 0.3) + noise * (random.NextDouble() * 2 - 1));
                if (t < lookback)
                {
                    x.Span[r * lookback + t] = v;
                }
                else
                {
                    y.Span[r] = v;
                }
            }
        }

        return new Dataset(x, y);
    }
}
