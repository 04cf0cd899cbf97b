using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers.Tpe;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al. 2011, https://papers.nips.cc/paper/4443; Watanabe 2023,
/// https://arxiv.org/abs/2304.11127) with Optuna 3.1's defaults: after <see cref="TpeOptions.NStartupTrials"/> random
/// trials, fit l(x) to the best gamma(n) trials and g(x) to the rest, draw 24 candidates from l and keep the one with
/// the highest l/g. Univariate by default; <see cref="TpeOptions.Multivariate"/> models the intersection space jointly.
/// With <see cref="TpeOptions.ConstantLiar"/> running trials join the bad group so parallel workers do not pile up.
/// </summary>
public sealed class TpeSampler : ISampler
{
    readonly RandomSampler _random;

    /// <summary>Creates the sampler; draws depend only on the seed and the history (a numpy stream for seeds in [0, 2^32) on sequential histories, as Optuna).</summary>
    public TpeSampler(long seed = 0, TpeOptions? options = null)
    {
        Seed = seed;
        Options = options ?? new TpeOptions();
        _random = new RandomSampler(seed);
    }

    /// <summary>The seed given at construction.</summary>
    public long Seed { get; }

    /// <summary>The options given at construction.</summary>
    public TpeOptions Options { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(StudySnapshot study, FrozenTrial trial) =>
        Options.Multivariate ? SearchSpaces.Intersection(study, includePruned: true) : new Dictionary<string, Distribution>();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(StudySnapshot study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(searchSpace);
        if (searchSpace.Count == 0)
        {
            return new Dictionary<string, double>();
        }

        // Optuna orders the space as the first finished trial suggested it; trials do not keep that order here, so by name
        // (the same order for names like x0, x1, ... suggested in turn).
        var space = searchSpace.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();
        double[]? sample;
        if (OptunaStreamPosition.FindRelative(study, trial, Seed, Options) is { } position && IsOptunasSpace(study, space))
        {
            // A sequential history: draw from where Optuna's TPE stream would be (start-up draws nothing here).
            var rng = new NumpyRandomState((uint)Seed);
            rng.Skip(position.Draws);
            sample = position.Startup ? null : Sample(study, space, (mpe, size) => mpe.Sample(rng, size));
        }
        else
        {
            var perTrial = new TuningRandom(Seed, trial.Number, "tpe-relative");
            sample = Sample(study, space, (mpe, size) => mpe.Sample(perTrial, size));
        }

        var result = new Dictionary<string, double>();
        if (sample is not null)
        {
            for (var p = 0; p < space.Count; p++)
            {
                result[space[p].Key] = sample[p];
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public double SampleIndependent(StudySnapshot study, FrozenTrial trial, string name, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(distribution);
        if (OptunaStreamPosition.Find(study, trial, Seed, Options) is { } position)
        {
            // A sequential history: draw from where Optuna's own RandomState would be, so the same seed proposes the same points.
            var rng = new NumpyRandomState((uint)Seed);
            rng.Skip(position.Draws);
            return position.Startup
                ? SearchSpaceTransform.SampleIndependent(rng, distribution)
                : Sample(study, [(name, distribution)], (mpe, size) => mpe.Sample(rng, size))?[0] ?? throw new InvalidOperationException("TPE and its stream position disagree on start-up");
        }

        var perTrial = new TuningRandom(Seed, trial.Number, "tpe/" + name);
        var sample = Sample(study, [(name, distribution)], (mpe, size) => mpe.Sample(perTrial, size));
        return sample?[0] ?? _random.SampleIndependent(study, trial, name, distribution);
    }

    /// <summary>Whether <paramref name="space"/> is the intersection space Optuna would sample jointly, so its draws can follow Optuna's stream.</summary>
    static bool IsOptunasSpace(StudySnapshot study, List<(string Name, Distribution Distribution)> space)
    {
        var optuna = SearchSpaces.Intersection(study, includePruned: true);
        return optuna.Count == space.Count && space.All(s => optuna.TryGetValue(s.Name, out var d) && d.Equals(s.Distribution));
    }

    /// <summary>One TPE step over <paramref name="space"/>, or null while still in start-up.</summary>
    double[]? Sample(StudySnapshot study, List<(string Name, Distribution Distribution)> space, Func<ParzenEstimator, int, double[][]> draw)
    {
        var (trials, finished) = ObservationSplit.Observed(study, Options.ConstantLiar);
        if (finished < Options.NStartupTrials)
        {
            return null;
        }

        var (below, above) = ObservationSplit.Split(study, trials, Options.Gamma(finished));
        var mpeBelow = Fit(space, trials, below);
        var mpeAbove = Fit(space, trials, above);
        var candidates = draw(mpeBelow, Options.NEiCandidates);
        var logL = mpeBelow.LogPdf(candidates);
        var logG = mpeAbove.LogPdf(candidates);
        var best = 0;
        for (var i = 1; i < logL.Length; i++)
        {
            if (logL[i] - logG[i] > logL[best] - logG[best])
            {
                best = i;
            }
        }

        return [.. candidates.Select(c => c[best])];
    }

    ParzenEstimator Fit(List<(string Name, Distribution Distribution)> space, List<FrozenTrial> trials, int[] indices)
    {
        // Trials lacking a parameter (another branch of a conditional space) are left out, as Optuna's NaN mask does.
        var used = indices.Where(i => space.All(s => trials[i].InternalParams.TryGetValue(s.Name, out var v) && s.Distribution.Contains(v))).ToArray();
        var observations = space.Select(s => used.Select(i => trials[i].InternalParams[s.Name]).ToArray()).ToList();
        return new ParzenEstimator(space, observations, Options);
    }
}
