using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Compute.Tuning.MultiObjective;

/// <summary>
/// A small NSGA-II (Deb et al. 2002, https://doi.org/10.1109/4235.996017): trial n belongs to generation
/// n / population; generation 0 is random, later ones breed from the elite of earlier generations' complete trials
/// (non-dominated rank, then crowding distance) by binary tournament, uniform crossover and per-parameter mutation.
/// Generations follow from trial numbers, so no population is stored. Unlike Optuna's NSGAIISampler it has no
/// constraints and no SBX crossover.
/// </summary>
public sealed class NsgaIISampler : ISampler
{
    readonly RandomSampler _random;

    /// <summary>Creates the sampler.</summary>
    public NsgaIISampler(long seed = 0, int populationSize = 50, double crossoverProbability = 0.9, double? mutationProbability = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(populationSize, 2);
        Seed = seed;
        PopulationSize = populationSize;
        CrossoverProbability = crossoverProbability;
        MutationProbability = mutationProbability;
        _random = new RandomSampler(seed);
    }

    /// <summary>The seed given at construction.</summary>
    public long Seed { get; }

    /// <summary>Trials per generation, and the size of the elite bred from.</summary>
    public int PopulationSize { get; }

    /// <summary>Chance a child mixes two parents rather than copying one.</summary>
    public double CrossoverProbability { get; }

    /// <summary>Chance each parameter is redrawn at random; null means 1 / parameters.</summary>
    public double? MutationProbability { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(StudySnapshot study, FrozenTrial trial) =>
        SearchSpaces.Intersection(study, includePruned: false);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(StudySnapshot study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(searchSpace);
        var generation = trial.Number / PopulationSize;
        var parents = Elite(study, generation * PopulationSize, searchSpace);
        var result = new Dictionary<string, double>();
        if (generation == 0 || parents.Count < 2 || searchSpace.Count == 0)
        {
            return result;
        }

        var rng = new TuningRandom(Seed, trial.Number, "nsga2");
        var a = Tournament(parents, rng);
        var b = Tournament(parents, rng);
        var cross = rng.NextDouble() < CrossoverProbability;
        var mutation = MutationProbability ?? 1.0 / searchSpace.Count;
        foreach (var (name, d) in searchSpace.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var value = cross && rng.NextDouble() < 0.5 ? b.Trial.InternalParams[name] : a.Trial.InternalParams[name];
            if (rng.NextDouble() < mutation)
            {
                value = SearchSpaces.FromUnit(d, rng.NextDouble());
            }

            result[name] = value;
        }

        return result;
    }

    /// <inheritdoc/>
    public double SampleIndependent(StudySnapshot study, FrozenTrial trial, string name, Distribution distribution) =>
        _random.SampleIndependent(study, trial, name, distribution);

    /// <summary>The best <see cref="PopulationSize"/> complete trials numbered below <paramref name="before"/>, by rank then crowding.</summary>
    List<Ranked> Elite(StudySnapshot study, int before, IReadOnlyDictionary<string, Distribution> space)
    {
        var pool = study.Trials.Where(t => t.Number < before && t.State == TrialState.Complete
            && t.Values.Length == study.Directions.Length && space.Keys.All(t.InternalParams.ContainsKey)).ToList();
        var ranks = Pareto.NonDominatedRanks([.. pool.Select(t => t.Values.ToArray())], study.Directions);
        var ranked = new List<Ranked>();
        foreach (var group in pool.Select((t, i) => (t, Rank: ranks[i])).GroupBy(x => x.Rank).OrderBy(g => g.Key))
        {
            var members = group.Select(x => x.t).ToList();
            var crowding = Pareto.CrowdingDistance([.. members.Select(t => t.Values.ToArray())]);
            ranked.AddRange(members.Select((t, i) => new Ranked(t, group.Key, crowding[i])).OrderByDescending(r => r.Crowding).ThenBy(r => r.Trial.Number));
            if (ranked.Count >= PopulationSize)
            {
                break;
            }
        }

        return [.. ranked.Take(PopulationSize)];
    }

    static Ranked Tournament(List<Ranked> parents, TuningRandom rng)
    {
        var x = parents[rng.NextInt(parents.Count)];
        var y = parents[rng.NextInt(parents.Count)];
        return x.Rank != y.Rank ? (x.Rank < y.Rank ? x : y) : x.Crowding >= y.Crowding ? x : y;
    }

    sealed record Ranked(FrozenTrial Trial, int Rank, double Crowding);
}
