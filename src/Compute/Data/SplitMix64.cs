namespace BigDL.Compute.Data;

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): a seeded generator whose sequence is fixed by this code, not by the .NET version.</summary>
internal sealed class SplitMix64(ulong seed)
{
    ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) (the modulo bias is below 2^-32 for the sizes used here).</summary>
    public int Next(int bound) => (int)(Next() % (ulong)bound);

    /// <summary>Shuffles in place (Fisher–Yates).</summary>
    public void Shuffle(int[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
