using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers;

/// <summary>Draws every parameter independently and uniformly (in log space for log ranges); works for any number of objectives.</summary>
/// <param name="seed">Seeds every draw together with the trial number and parameter name.</param>
public sealed class RandomSampler(long seed = 0) : ISampler
{
    /// <summary>The seed given at construction.</summary>
    public long Seed { get; } = seed;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(StudySnapshot study, FrozenTrial trial) =>
        new Dictionary<string, Distribution>();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(StudySnapshot study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        new Dictionary<string, double>();

    /// <inheritdoc/>
    public double SampleIndependent(StudySnapshot study, FrozenTrial trial, string name, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(distribution);
        var rng = new TuningRandom(Seed, trial.Number, "random/" + name);
        return SearchSpaces.FromUnit(distribution, rng.NextDouble());
    }
}
