namespace BigDL.Compute.Tuning.Samplers;

/// <summary>
/// A small deterministic generator (SplitMix64) seeded from (sampler seed, trial number, purpose), so each draw can be
/// recomputed from the history alone and the stream does not depend on the .NET version.
/// </summary>
public sealed class TuningRandom
{
    ulong _state;

    /// <summary>Creates a generator for one purpose within one trial.</summary>
    public TuningRandom(long seed, long trialNumber, string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        var h = Mix((ulong)seed ^ 0x9E3779B97F4A7C15UL) ^ Mix((ulong)trialNumber + 0x632BE59BD9B4E019UL);
        foreach (var c in purpose)
        {
            h = Mix(h ^ c);
        }

        _state = h;
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)(NextDouble() * n);

    /// <summary>A standard normal draw (Box-Muller).</summary>
    public double NextNormal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The next raw 64 bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
