using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Tests.Nn;

/// <summary>Compares analytic gradients with central differences of L = Σ output ⊙ R for a fixed random R.</summary>
/// <remarks>
/// Tolerance origin: the forward pass runs in float32, so each output carries a relative rounding error of about
/// 6e-8; L sums at most a few hundred outputs of magnitude ≲ 1 (accumulated in double), so L is off by ≲ 1e-5, and
/// dividing by 2·eps = 2e-3 bounds the numeric derivative's error by ≲ 5e-3. Truncation error is O(eps²) ≈ 1e-6.
/// Hence |analytic − numeric| ≤ 1e-2 + 2e-2·|numeric|.
/// </remarks>
public static class GradientCheck
{
    public const float Epsilon = 1e-3f;
    const double Absolute = 1e-2, Relative = 2e-2;

    public static Tensor Random(Random random, float scale, params int[] shape)
    {
        var t = new Tensor(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return t;
    }

    /// <summary>Checks parameter gradients and (when <paramref name="checkInputs"/>) input gradients of a model.</summary>
    public static void Model(Model model, Tensor[] inputs, int seed = 1, bool checkInputs = false, int maxPerParameter = 40)
    {
        var random = new Random(seed);
        var output = model.Forward(inputs, training: true);
        var r = Random(random, 1, output.Shape.ToArray());
        model.Parameters.ZeroGrad();
        model.Backward(r);
        var analytic = (float[])model.Parameters.Gradients.Clone();
        double Loss()
        {
            var y = model.Forward(inputs, training: true).Span;
            double sum = 0;
            for (var i = 0; i < y.Length; i++)
            {
                sum += (double)y[i] * r.Span[i];
            }

            return sum;
        }

        foreach (var p in model.Parameters.Parameters)
        {
            foreach (var k in Sample(random, p.Length, maxPerParameter))
            {
                var numeric = Central(() => Loss(), model.Parameters.Values, p.Offset + k);
                Assert.True(Close(analytic[p.Offset + k], numeric),
                    $"{p.Name}[{k}]: analytic {analytic[p.Offset + k]:G6}, numeric {numeric:G6}");
            }
        }
    }

    /// <summary>Checks a single layer's parameter and input gradients.</summary>
    public static void Layer(UnaryLayer layer, Tensor input, int seed = 1, int maxPerParameter = 40, bool checkInput = true)
    {
        var random = new Random(seed);
        var parameters = layer.IsBuilt ? throw new InvalidOperationException("pass an unbuilt layer") : layer.BuildStandalone(input.Shape[1..].ToArray(), seed);
        var output = layer.Forward(input, training: true);
        var r = Random(random, 1, output.Shape.ToArray());
        parameters.ZeroGrad();
        var dx = layer.Backward(r)?.Span.ToArray();
        var analytic = (float[])parameters.Gradients.Clone();
        double Loss()
        {
            var y = layer.Forward(input, training: true).Span;
            double sum = 0;
            for (var i = 0; i < y.Length; i++)
            {
                sum += (double)y[i] * r.Span[i];
            }

            return sum;
        }

        foreach (var p in parameters.Parameters)
        {
            foreach (var k in Sample(random, p.Length, maxPerParameter))
            {
                var numeric = Central(Loss, parameters.Values, p.Offset + k);
                Assert.True(Close(analytic[p.Offset + k], numeric), $"{p.Name}[{k}]: analytic {analytic[p.Offset + k]:G6}, numeric {numeric:G6}");
            }
        }

        if (checkInput)
        {
            Assert.NotNull(dx);
            foreach (var k in Sample(random, input.Length, maxPerParameter * 2))
            {
                var numeric = Central(Loss, input.Buffer, input.Offset + k);
                Assert.True(Close(dx[k], numeric), $"{layer.Kind} input[{k}]: analytic {dx[k]:G6}, numeric {numeric:G6}");
            }
        }
    }

    public static bool Close(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) <= Absolute + Relative * Math.Abs(numeric);

    static double Central(Func<double> loss, float[] values, int index)
    {
        var saved = values[index];
        values[index] = saved + Epsilon;
        var plus = loss();
        values[index] = saved - Epsilon;
        var minus = loss();
        values[index] = saved;

        // Divide by the step actually taken in float32, not the nominal one.
        return (plus - minus) / ((double)(saved + Epsilon) - (saved - Epsilon));
    }

    static IEnumerable<int> Sample(Random random, int length, int max)
    {
        if (length <= max)
        {
            return Enumerable.Range(0, length);
        }

        return Enumerable.Range(0, max).Select(_ => random.Next(length)).Distinct();
    }
}
