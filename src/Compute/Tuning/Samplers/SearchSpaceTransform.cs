using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers;

/// <summary>Optuna's _SearchSpaceTransform for one parameter: the continuous columns its RandomSampler draws in, and the map back to a value.</summary>
internal static class SearchSpaceTransform
{
    /// <summary>How many uniform draws Optuna's RandomSampler makes for the parameter: one per one-hot column of a categorical, else one.</summary>
    public static int Columns(Distribution distribution) =>
        distribution is CategoricalDistribution c ? c.Choices.Length : 1;

    /// <summary>
    /// Optuna 3.1's RandomSampler.sample_independent: <c>rng.uniform</c> over the transformed bounds (log for log ranges,
    /// widened by half a step on grids), then untransformed; returns the internal repr.
    /// </summary>
    public static double SampleIndependent(NumpyRandomState rng, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(rng);
        switch (distribution)
        {
            case CategoricalDistribution c:
                // One column per choice, each uniform in [0, 1); the first largest wins, as numpy's argmax.
                var best = 0;
                var bestValue = double.NegativeInfinity;
                for (var i = 0; i < c.Choices.Length; i++)
                {
                    var v = rng.Uniform(0, 1);
                    if (v > bestValue)
                    {
                        (best, bestValue) = (i, v);
                    }
                }

                return best;
            case FloatDistribution { Log: true } f:
                var logValue = Math.Exp(rng.Uniform(Math.Log(f.Low), Math.Log(f.High)));
                return f.IsSingle ? logValue : Math.Min(logValue, Math.BitDecrement(f.High));
            case FloatDistribution { Step: { } s } f:
                return f.Snap(rng.Uniform(f.Low - (0.5 * s), f.High + (0.5 * s)));
            case FloatDistribution f:
                var value = rng.Uniform(f.Low, f.High);
                return f.IsSingle ? value : Math.Min(value, Math.BitDecrement(f.High));
            case IntDistribution { Log: true } i:
                var half = 0.5 * i.Step;
                return Math.Clamp(Math.Round(Math.Exp(rng.Uniform(Math.Log(i.Low - half), Math.Log(i.High + half)))), i.Low, i.High);
            case IntDistribution i:
                return i.Snap(rng.Uniform(i.Low - (0.5 * i.Step), i.High + (0.5 * i.Step)));
            default:
                throw new NotSupportedException($"unknown distribution {distribution?.GetType().Name}");
        }
    }
}
