namespace BigDL.Compute.Tuning.Samplers;

/// <summary>numpy's legacy <c>RandomState(seed)</c> stream (MT19937), so a sampler can draw the same numbers as Optuna for the same seed.</summary>
/// <remarks>
/// Only the calls Optuna's TPE and random samplers make are here. Callers that must stay a function of (seed, history)
/// build one per request and <see cref="Skip"/> to the position earlier trials would have left the stream at.
/// </remarks>
public sealed class NumpyRandomState
{
    const int N = 624;
    const int M = 397;
    readonly uint[] _mt = new uint[N];
    int _index;

    /// <summary>Seeds the generator as <c>numpy.random.RandomState(seed)</c> does for a seed in [0, 2^32).</summary>
    public NumpyRandomState(uint seed)
    {
        // MT19937's init_genrand, which numpy's _legacy_seeding uses for an integer seed.
        _mt[0] = seed;
        for (var i = 1; i < N; i++)
        {
            _mt[i] = (1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i;
        }

        _index = N;
    }

    /// <summary>Whether numpy accepts <paramref name="seed"/> as a RandomState seed (Python ints in [0, 2^32)).</summary>
    public static bool IsValidSeed(long seed) => seed is >= 0 and <= uint.MaxValue;

    /// <summary>The next raw 32-bit output.</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Twist();
        }

        var y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>random_sample()</c>: a double in [0, 1) with 53 random bits taken from two outputs.</summary>
    public double RandomSample()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary><c>uniform(low, high)</c> for one value: low + (high - low) * random_sample().</summary>
    public double Uniform(double low, double high) => low + ((high - low) * RandomSample());

    /// <summary>Discards <paramref name="doubles"/> draws of <see cref="RandomSample"/> (two outputs each).</summary>
    public void Skip(long doubles)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(doubles);
        var outputs = 2 * doubles;
        while (outputs > 0)
        {
            if (_index >= N)
            {
                Twist();
            }

            var take = (int)Math.Min(outputs, N - _index);
            _index += take;
            outputs -= take;
        }
    }

    /// <summary>
    /// <c>choice(len(p), size, p=p)</c>: indices drawn with probabilities <paramref name="p"/>, as numpy does it: the
    /// cumulative sum normalized by its last entry, searched (right side) with one random_sample per index.
    /// </summary>
    public int[] Choice(IReadOnlyList<double> p, int size)
    {
        ArgumentNullException.ThrowIfNull(p);
        var cdf = new double[p.Count];
        var sum = 0.0;
        for (var i = 0; i < cdf.Length; i++)
        {
            sum += p[i];
            cdf[i] = sum;
        }

        var last = cdf[^1];
        for (var i = 0; i < cdf.Length; i++)
        {
            cdf[i] /= last;
        }

        var result = new int[size];
        for (var s = 0; s < size; s++)
        {
            var u = RandomSample();
            var index = 0;
            while (index < cdf.Length && cdf[index] <= u)
            {
                index++;
            }

            // searchsorted can only return len(p) through rounding in cdf; numpy would then fail, so clamp instead.
            result[s] = Math.Min(index, cdf.Length - 1);
        }

        return result;
    }

    void Twist()
    {
        for (var i = 0; i < N; i++)
        {
            var y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7FFFFFFFu);
            var next = _mt[(i + M) % N] ^ (y >> 1);
            _mt[i] = (y & 1) != 0 ? next ^ 0x9908B0DFu : next;
        }

        _index = 0;
    }
}
