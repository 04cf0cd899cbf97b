using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers;

/// <summary>
/// Quasi-random search: the Halton sequence with a seeded random shift (Cranley-Patterson rotation), point i for trial i,
/// over the search space of the first complete trial; other parameters are sampled at random.
/// </summary>
/// <param name="seed">Seeds the shift and the independent fall-back.</param>
public sealed class QmcSampler(long seed = 0) : ISampler
{
    static readonly int[] Primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113];
    readonly RandomSampler _fallback = new(seed);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(StudySnapshot study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        var first = study.Trials.FirstOrDefault(t => t.State == TrialState.Complete);
        var space = new SortedDictionary<string, Distribution>(StringComparer.Ordinal);
        if (first is not null)
        {
            foreach (var (name, d) in first.Distributions)
            {
                if (!d.IsSingle)
                {
                    space[name] = d;
                }
            }
        }

        return space;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(StudySnapshot study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(searchSpace);
        var result = new Dictionary<string, double>();
        var dim = 0;
        foreach (var (name, d) in searchSpace.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            result[name] = SearchSpaces.FromUnit(d, Point(trial.Number, dim++));
        }

        return result;
    }

    /// <inheritdoc/>
    public double SampleIndependent(StudySnapshot study, FrozenTrial trial, string name, Distribution distribution) =>
        _fallback.SampleIndependent(study, trial, name, distribution);

    /// <summary>Coordinate <paramref name="dim"/> of point <paramref name="index"/>, shifted by the seeded rotation.</summary>
    internal double Point(int index, int dim)
    {
        var b = dim < Primes.Length ? Primes[dim] : NthPrime(dim);
        double f = 1, r = 0;
        // Index + 1 skips the all-zero first point of the Halton sequence.
        for (long i = index + 1; i > 0; i /= b)
        {
            f /= b;
            r += f * (i % b);
        }

        var shift = new TuningRandom(seed, -1, "qmc-shift/" + dim).NextDouble();
        var u = r + shift;
        return u - Math.Floor(u);
    }

    static int NthPrime(int n)
    {
        var count = -1;
        for (var c = 2; ; c++)
        {
            var prime = true;
            for (var d = 2; d * d <= c; d++)
            {
                if (c % d == 0)
                {
                    prime = false;
                    break;
                }
            }

            if (prime && ++count == n)
            {
                return c;
            }
        }
    }
}
