using BigDL.Compute.Tuning.Distributions;

namespace BigDL.Compute.Tuning.Samplers;

/// <summary>
/// Walks the Cartesian product of listed values per parameter in a seeded order: the k-th trial that has not failed
/// (counting running ones) takes the k-th point, so parallel trials get distinct points, a failed trial's point goes to
/// the next trial, and after the whole grid the walk starts over.
/// </summary>
public sealed class GridSampler : ISampler
{
    readonly string[] _names;
    readonly object?[][] _values;
    readonly long _seed;

    /// <summary>Creates the sampler from each parameter's values (user-facing form).</summary>
    public GridSampler(IReadOnlyDictionary<string, IReadOnlyList<object?>> searchSpace, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(searchSpace);
        _names = [.. searchSpace.Keys.Order(StringComparer.Ordinal)];
        _values = [.. _names.Select(n => searchSpace[n].ToArray())];
        if (_values.Any(v => v.Length == 0))
        {
            throw new ArgumentException("every grid parameter needs at least one value", nameof(searchSpace));
        }

        _seed = seed;
        GridSize = _values.Aggregate(1L, (n, v) => checked(n * v.Length));
    }

    /// <summary>The number of grid points.</summary>
    public long GridSize { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(StudySnapshot study, FrozenTrial trial) =>
        new Dictionary<string, Distribution>();

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(StudySnapshot study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        new Dictionary<string, double>();

    /// <inheritdoc/>
    public double SampleIndependent(StudySnapshot study, FrozenTrial trial, string name, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(distribution);
        var p = Array.IndexOf(_names, name);
        if (p < 0)
        {
            throw new InvalidOperationException($"parameter '{name}' is not in the grid");
        }

        var point = GridIndexFor(study, trial);
        var value = _values[p][Digit(point, p)];
        return distribution.ToInternal(value);
    }

    /// <summary>The grid index a trial takes: its position among earlier trials (by number) modulo the grid, through a seeded permutation.</summary>
    long GridIndexFor(StudySnapshot study, FrozenTrial trial)
    {
        // Trials before this one each took the next grid point in order, so the point follows from the trial's rank
        // among non-failed trials: no state beyond the history is needed, and parallel trials get distinct points.
        var rank = study.Trials.Count(t => t.Number < trial.Number && t.State != TrialState.Fail);
        var k = rank % GridSize;
        return Permute(k);
    }

    long Permute(long k)
    {
        // A bijection on [0, GridSize) (cycle-walking an affine map) gives a seeded order without storing a shuffle.
        var n = GridSize;
        if (n <= 1)
        {
            return 0;
        }

        var a = 1 + ((long)((ulong)(_seed * 2654435761L) % (ulong)n));
        while (Gcd(a, n) != 1)
        {
            a++;
        }

        var b = (long)((ulong)(_seed * 40503L) % (ulong)n);
        return (long)(((Int128)a * k + b) % n);
    }

    int Digit(long point, int p)
    {
        for (var i = _values.Length - 1; i > p; i--)
        {
            point /= _values[i].Length;
        }

        return (int)(point % _values[p].Length);
    }

    static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}
