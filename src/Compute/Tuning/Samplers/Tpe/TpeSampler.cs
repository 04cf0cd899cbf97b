using BigDL.Orleans.Compute.Tuning.Distributions;

namespace BigDL.Orleans.Compute.Tuning.Samplers.Tpe;

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

    /// <summary>Creates the sampler; draws depend only on the seed, the trial number and the history.</summary>
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

        var space = searchSpace.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();
        var sample = Sample(study, trial, space, "tpe-relative");
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
        ArgumentNullException.ThrowIfNull(trial);
        var sample = Sample(study, trial, [(name, distribution)], "tpe/" + name);
        return sample?[0] ?? _random.SampleIndependent(study, trial, name, distribution);
    }

    /// <summary>One TPE step over <paramref name="space"/>, or null while still in start-up.</summary>
    double[]? Sample(StudySnapshot study, FrozenTrial trial, List<(string Name, Distribution Distribution)> space, string purpose)
    {
        var (trials, finished) = ObservationSplit.Observed(study, Options.ConstantLiar);
        if (finished < Options.NStartupTrials)
        {
            return null;
        }

        var (below, above) = ObservationSplit.Split(study, trials, Options.Gamma(finished));
        var mpeBelow = Fit(space, trials, below);
        var mpeAbove = Fit(space, trials, above);
        var rng = new TuningRandom(Seed, trial.Number, purpose);
        var candidates = mpeBelow.Sample(rng, Options.NEiCandidates);
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
