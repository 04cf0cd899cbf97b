using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers.Tpe;

/// <summary>
/// The kernel density TPE fits to one group of observations (Bergstra et al. 2011, https://papers.nips.cc/paper/4443;
/// Watanabe 2023, https://arxiv.org/abs/2304.11127): one kernel per observation plus a wide prior kernel at the range's
/// centre. Univariate bandwidths follow Optuna's neighbour rule (the larger gap to a sorted neighbour, with the range ends
/// as outer neighbours, clipped to [range / min(100, 1 + kernels), range]); multivariate bandwidths follow Scott's rule
/// as in BOHB (0.2 n^(-1/(d+4)) times the range). Categorical kernels put prior_weight / kernels on every choice plus 1
/// on the observed one.
/// </summary>
internal sealed class ParzenEstimator
{
    readonly string[] _names;
    readonly Distribution[] _distributions;
    readonly Param[] _params;
    readonly bool _normalizeKernels;

    /// <summary>Fits the estimator to observations given per parameter (internal repr, time order).</summary>
    public ParzenEstimator(IReadOnlyList<(string Name, Distribution Distribution)> space, IReadOnlyList<double[]> observations, TpeOptions options, double[]? predeterminedWeights = null)
    {
        _names = [.. space.Select(s => s.Name)];
        _distributions = [.. space.Select(s => s.Distribution)];
        _normalizeKernels = options.NormalizeKernels;
        var n = observations.Count == 0 ? 0 : observations[0].Length;
        var considerPrior = options.ConsiderPrior || n == 0;
        Weights = ComputeWeights(n, considerPrior, options, predeterminedWeights);
        _params = new Param[_names.Length];
        for (var p = 0; p < _names.Length; p++)
        {
            _params[p] = _distributions[p] is CategoricalDistribution c
                ? CategoricalParam(c, observations[p], considerPrior, options)
                : NumericParam(_distributions[p], observations[p], considerPrior, options, _names.Length);
        }
    }

    /// <summary>Normalized component weights (observations in time order, then the prior).</summary>
    public double[] Weights { get; }

    /// <summary>Kernel centres of a numeric parameter, in the Parzen space (log space for log ranges).</summary>
    public double[] Mus(int param) => _params[param].Mus!;

    /// <summary>Kernel bandwidths of a numeric parameter.</summary>
    public double[] Sigmas(int param) => _params[param].Sigmas!;

    /// <summary>Per-kernel choice probabilities of a categorical parameter.</summary>
    public double[][] CategoricalWeights(int param) => _params[param].Categorical!;

    /// <summary>Draws <paramref name="size"/> joint samples; returns [param][sample] in internal repr (rounded onto grids).</summary>
    public double[][] Sample(TuningRandom rng, int size)
    {
        var active = new int[size];
        for (var s = 0; s < size; s++)
        {
            active[s] = Pick(rng.NextDouble(), Weights);
        }

        return Sample(active, rng.NextDouble);
    }

    /// <summary>
    /// Draws as Optuna 3.1's _ParzenEstimator.sample does from its RandomState: <c>choice(kernels, size, p=weights)</c>,
    /// then per parameter one uniform per sample (the truncated normal's percentile, or the categorical's quantile).
    /// </summary>
    public double[][] Sample(NumpyRandomState rng, int size) => Sample(rng.Choice(Weights, size), rng.RandomSample);

    double[][] Sample(int[] active, Func<double> nextDouble)
    {
        var size = active.Length;
        var result = new double[_params.Length][];
        for (var p = 0; p < _params.Length; p++)
        {
            var prm = _params[p];
            result[p] = new double[size];
            for (var s = 0; s < size; s++)
            {
                var k = active[s];
                result[p][s] = prm.Categorical is { } cw
                    ? Pick(nextDouble(), cw[k])
                    : FromParzen(_distributions[p], TruncatedNormal.Ppf(nextDouble(), prm.Mus![k], prm.Sigmas![k], prm.Low, prm.High));
            }
        }

        return result;
    }

    /// <summary>The mixture's log density (log mass on grids) at each sample; samples given as [param][sample] in internal repr.</summary>
    public double[] LogPdf(double[][] samples)
    {
        var size = samples[0].Length;
        var k = Weights.Length;
        if (_params is [{ Categorical: { } only }])
        {
            // Optuna mixes a lone categorical in linear space (log of the weighted sum), not by log-sum-exp; the two
            // agree but for rounding, and rounding decides between categories whose ratios tie.
            return [.. samples[0].Select(c => Math.Log(MixedMass(only, (int)c)))];
        }

        var component = new double[k];
        var result = new double[size];
        for (var s = 0; s < size; s++)
        {
            for (var j = 0; j < k; j++)
            {
                component[j] = Math.Log(Weights[j]);
            }

            for (var p = 0; p < _params.Length; p++)
            {
                var prm = _params[p];
                if (prm.Categorical is { } cw)
                {
                    var choice = (int)samples[p][s];
                    for (var j = 0; j < k; j++)
                    {
                        component[j] += Math.Log(cw[j][choice]);
                    }

                    continue;
                }

                var x = ToParzen(_distributions[p], samples[p][s]);
                for (var j = 0; j < k; j++)
                {
                    var mu = prm.Mus![j];
                    var sigma = prm.Sigmas![j];
                    if (prm.Q is { } q)
                    {
                        // On a grid the density is the kernel's mass over the value's cell, as Optuna does.
                        var upper = Math.Min(x + (q / 2), prm.High);
                        var lower = Math.Max(x - (q / 2), prm.Low);
                        component[j] += TruncatedNormal.LogMass((lower - mu) / sigma, (upper - mu) / sigma)
                            - TruncatedNormal.LogMass((prm.Low - mu) / sigma, (prm.High - mu) / sigma);
                    }
                    else
                    {
                        component[j] += TruncatedNormal.LogPdf(x, mu, sigma, prm.Low, prm.High, _normalizeKernels);
                    }
                }
            }

            result[s] = LogSumExp(component);
        }

        return result;
    }

    double MixedMass(double[][] categorical, int choice)
    {
        var mass = 0.0;
        for (var j = 0; j < Weights.Length; j++)
        {
            mass += categorical[j][choice] * Weights[j];
        }

        return mass;
    }

    static double[] ComputeWeights(int n, bool considerPrior, TpeOptions options, double[]? predetermined)
    {
        var w = predetermined ?? options.Weights(n);
        var weights = new double[n + (considerPrior ? 1 : 0)];
        Array.Copy(w, weights, n);
        if (considerPrior)
        {
            weights[n] = options.PriorWeight;
        }

        var sum = weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }

        return weights;
    }

    static Param CategoricalParam(CategoricalDistribution c, double[] obs, bool considerPrior, TpeOptions options)
    {
        var n = obs.Length;
        var kernels = n + (considerPrior ? 1 : 0);
        var fill = options.PriorWeight / kernels;
        var weights = new double[kernels][];
        for (var j = 0; j < kernels; j++)
        {
            weights[j] = new double[c.Choices.Length];
            Array.Fill(weights[j], fill);
            if (j < n)
            {
                weights[j][(int)obs[j]] += 1;
            }

            var sum = weights[j].Sum();
            for (var i = 0; i < weights[j].Length; i++)
            {
                weights[j][i] /= sum;
            }
        }

        return new Param { Categorical = weights };
    }

    static Param NumericParam(Distribution d, double[] obs, bool considerPrior, TpeOptions options, int nParams)
    {
        var (low, high, q) = Bounds(d);
        var n = obs.Length;
        var mus = new double[n + (considerPrior ? 1 : 0)];
        for (var i = 0; i < n; i++)
        {
            mus[i] = ToParzen(d, obs[i]);
        }

        if (considerPrior)
        {
            mus[n] = 0.5 * (low + high);
        }

        var sigmas = new double[mus.Length];
        if (options.Multivariate)
        {
            Array.Fill(sigmas, 0.2 * Math.Pow(Math.Max(n, 1), -1.0 / (nParams + 4)) * (high - low));
        }
        else
        {
            NeighbourBandwidths(mus, low, high, options.ConsiderEndpoints, sigmas);
        }

        var maxSigma = high - low;
        var minSigma = options.ConsiderMagicClip ? (high - low) / Math.Min(100.0, 1.0 + mus.Length) : 1e-12;
        for (var i = 0; i < sigmas.Length; i++)
        {
            sigmas[i] = Math.Clamp(sigmas[i], minSigma, maxSigma);
        }

        if (considerPrior)
        {
            sigmas[n] = high - low;
        }

        return new Param { Low = low, High = high, Q = q, Mus = mus, Sigmas = sigmas };
    }

    /// <summary>Each kernel's bandwidth is the larger gap to its sorted neighbours, the range ends acting as neighbours.</summary>
    static void NeighbourBandwidths(double[] mus, double low, double high, bool considerEndpoints, double[] sigmas)
    {
        var order = Enumerable.Range(0, mus.Length).OrderBy(i => mus[i]).ToArray();
        var sorted = new double[mus.Length + 2];
        sorted[0] = low;
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i + 1] = mus[order[i]];
        }

        sorted[^1] = high;
        var sortedSigmas = new double[mus.Length];
        for (var i = 0; i < mus.Length; i++)
        {
            sortedSigmas[i] = Math.Max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
        }

        if (!considerEndpoints && sorted.Length >= 4)
        {
            sortedSigmas[0] = sorted[2] - sorted[1];
            sortedSigmas[^1] = sorted[^2] - sorted[^3];
        }

        for (var i = 0; i < order.Length; i++)
        {
            sigmas[order[i]] = sortedSigmas[i];
        }
    }

    /// <summary>The Parzen-space range: log for log ranges, widened by half a step on grids so edge values get full cells.</summary>
    static (double Low, double High, double? Q) Bounds(Distribution d) => d switch
    {
        FloatDistribution f when f.Log => (Math.Log(f.Low), Math.Log(f.High), null),
        FloatDistribution { Step: { } s } f => (f.Low - (0.5 * s), f.High + (0.5 * s), s),
        FloatDistribution f => (f.Low, f.High, null),
        IntDistribution i when i.Log => (Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), null),
        IntDistribution i => (i.Low - (0.5 * i.Step), i.High + (0.5 * i.Step), i.Step),
        _ => throw new NotSupportedException(d.GetType().Name),
    };

    static double ToParzen(Distribution d, double x) => d switch
    {
        FloatDistribution { Log: true } or IntDistribution { Log: true } => Math.Log(x),
        _ => x,
    };

    static double FromParzen(Distribution d, double x) => d switch
    {
        FloatDistribution f when f.Log => Math.Clamp(Math.Exp(x), f.Low, f.High),
        FloatDistribution f => f.Snap(x),
        IntDistribution i when i.Log => i.Snap(Math.Round(Math.Exp(x))),
        IntDistribution i => i.Snap(x),
        _ => x,
    };

    static int Pick(double u, double[] p)
    {
        var c = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            c += p[i];
            if (u < c)
            {
                return i;
            }
        }

        return p.Length - 1;
    }

    static double LogSumExp(double[] x)
    {
        var max = x.Max();
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var v in x)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    sealed class Param
    {
        public double Low { get; init; }

        public double High { get; init; }

        public double? Q { get; init; }

        public double[]? Mus { get; init; }

        public double[]? Sigmas { get; init; }

        public double[][]? Categorical { get; init; }
    }
}
