using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers.Gp;

/// <summary>
/// Bayesian optimization with a Gaussian process and expected improvement (Snoek et al. 2012,
/// https://arxiv.org/abs/1206.2944) over the numeric parameters of the intersection search space. Values are minimized
/// after standardization; after
/// <see cref="NStartupTrials"/> quasi-random trials, EI is maximized over random and local candidates, then refined by
/// pattern search. Running trials count as the worst value seen (constant liar) so parallel workers spread out.
/// Categorical parameters are sampled at random, and multi-objective studies get quasi-random points throughout.
/// </summary>
public sealed class GpSampler : ISampler
{
    readonly RandomSampler _random;
    readonly QmcSampler _qmc;
    readonly Dictionary<(int, int), Hyper> _memo = [];

    /// <summary>Creates the sampler; draws depend only on the seed, the trial number and the history.</summary>
    public GpSampler(long seed = 0, int nStartupTrials = 10, int nCandidates = 512)
    {
        Seed = seed;
        NStartupTrials = nStartupTrials;
        NCandidates = nCandidates;
        _random = new RandomSampler(seed);
        _qmc = new QmcSampler(seed);
    }

    /// <summary>The seed given at construction.</summary>
    public long Seed { get; }

    /// <summary>Finished trials sampled quasi-randomly before the GP takes over.</summary>
    public int NStartupTrials { get; }

    /// <summary>Random plus local candidates scored by EI before refinement.</summary>
    public int NCandidates { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(StudySnapshot study, FrozenTrial trial)
    {
        var space = SearchSpaces.Intersection(study, includePruned: false);
        foreach (var name in space.Where(kv => kv.Value is CategoricalDistribution).Select(kv => kv.Key).ToList())
        {
            space.Remove(name);
        }

        return space;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(StudySnapshot study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(searchSpace);
        var space = searchSpace.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        if (space.Count == 0)
        {
            return new Dictionary<string, double>();
        }

        var sign = study.Direction == Tuning.StudyDirection.Minimize ? 1.0 : -1.0;
        var xs = new List<double[]>();
        var ys = new List<double>();
        var running = new List<double[]>();
        foreach (var t in study.Trials)
        {
            if (!space.All(kv => t.InternalParams.TryGetValue(kv.Key, out var v) && kv.Value.Contains(v)))
            {
                continue;
            }

            var x = space.Select(kv => SearchSpaces.ToUnit(kv.Value, t.InternalParams[kv.Key])).ToArray();
            if (t.State == TrialState.Complete && t.Value is { } value && double.IsFinite(value))
            {
                xs.Add(x);
                ys.Add(sign * value);
            }
            else if (t.State == TrialState.Running && t.Number != trial.Number)
            {
                running.Add(x);
            }
        }

        if (xs.Count < NStartupTrials || study.IsMultiObjective)
        {
            return _qmc.SampleRelative(study, trial, searchSpace);
        }

        var hyper = HyperFor(xs, ys);
        var worst = ys.Max();
        foreach (var x in running)
        {
            xs.Add(x);
            ys.Add(worst);
        }

        var (target, incumbent) = Standardize(ys);
        var gp = GaussianProcess.Condition([.. xs], target, hyper);
        var rng = new TuningRandom(Seed, trial.Number, "gp");
        var best = AcquisitionOptimizer.Maximize(gp, [.. xs], target, incumbent, space.Count, NCandidates, rng);
        var result = new Dictionary<string, double>();
        for (var c = 0; c < space.Count; c++)
        {
            result[space[c].Key] = SearchSpaces.FromUnitContinuous(space[c].Value, best[c]);
        }

        // On small integer or step grids EI's best point can snap onto a point already tried (or running); a repeat
        // teaches nothing, so that trial takes the quasi-random point instead.
        var repeat = study.Trials.Any(t => t.Number != trial.Number && result.All(kv => t.InternalParams.TryGetValue(kv.Key, out var v) && v == kv.Value));
        return repeat ? _qmc.SampleRelative(study, trial, searchSpace) : result;
    }

    /// <summary>
    /// Hyperparameters fitted on the first m complete observations, m = all of them below 20 and a multiple of 5 above:
    /// refitting every fifth trial costs a fifth as much and the fit barely moves in between. The memo is only a cache
    /// of a function of the history, so a rebuilt sampler proposes the same points.
    /// </summary>
    Hyper HyperFor(List<double[]> xs, List<double> ys)
    {
        var m = xs.Count < 20 ? xs.Count : xs.Count - (xs.Count % 5);
        var key = new HashCode();
        for (var i = 0; i < m; i++)
        {
            key.Add(ys[i]);
            foreach (var v in xs[i])
            {
                key.Add(v);
            }
        }

        var k = (m, key.ToHashCode());
        lock (_memo)
        {
            if (_memo.TryGetValue(k, out var cached))
            {
                return cached;
            }
        }

        var (target, _) = Standardize(ys.Take(m).ToList());
        var hyper = GaussianProcess.FitHyper([.. xs.Take(m)], target);
        lock (_memo)
        {
            if (_memo.Count > 64)
            {
                _memo.Clear();
            }

            _memo[k] = hyper;
        }

        return hyper;
    }

    /// <inheritdoc/>
    public double SampleIndependent(StudySnapshot study, FrozenTrial trial, string name, Distribution distribution) =>
        _random.SampleIndependent(study, trial, name, distribution);

    /// <summary>
    /// Standardizes the values; returns the targets and the incumbent (their minimum). A log warp toward the minimum was
    /// tried and lost on all three bench functions (it over-exploits), so the values stay linear.
    /// </summary>
    internal static (double[] Target, double Incumbent) Standardize(List<double> ys)
    {
        var warped = ys.ToArray();
        var mean = warped.Average();
        var sd = Math.Sqrt(warped.Select(w => (w - mean) * (w - mean)).Average());
        sd = sd > 1e-12 ? sd : 1;
        var target = warped.Select(w => (w - mean) / sd).ToArray();
        return (target, target.Min());
    }
}
