using System.Numerics.Tensors;

namespace BigDL.Orleans.Grains;

/// <summary>Packs the non-zero parts of a gradient slice, scaled, for a sparse push to its shard.</summary>
/// <remarks>
/// Most of an embedding model's gradient is zero (the rows a batch does not touch), so a replica sends only the 16-float
/// blocks holding a non-zero value, merged into ranges, and the shard sums only those: the same sums as the dense chunk,
/// since adding zero changes none, with passes over about a tenth of the floats. NaN and infinities are non-zero, so a
/// diverged gradient still reaches the shard.
/// </remarks>
internal static class SparseGradient
{
    const int Block = 16;

    /// <summary>
    /// Writes <paramref name="weight"/> × the non-zero blocks of <paramref name="gradients"/> packed into the start of
    /// <paramref name="packed"/> (as long as the slice at least) and returns their (offset, length) pairs.
    /// </summary>
    public static int[] Pack(ReadOnlySpan<float> gradients, float weight, float[] packed)
    {
        var ranges = new List<int>();
        var written = 0;
        var position = 0;
        while (position < gradients.Length)
        {
            // Vectorized skip over the zeros; then take whole blocks while they hold a non-zero value.
            var found = gradients[position..].IndexOfAnyExcept(0f);
            if (found < 0)
            {
                break;
            }

            var start = (position + found) / Block * Block;
            var end = Math.Min(start + Block, gradients.Length);
            while (end < gradients.Length && gradients[end..Math.Min(end + Block, gradients.Length)].IndexOfAnyExcept(0f) >= 0)
            {
                end = Math.Min(end + Block, gradients.Length);
            }

            TensorPrimitives.Multiply(gradients[start..end], weight, packed.AsSpan(written, end - start));
            ranges.Add(start);
            ranges.Add(end - start);
            written += end - start;
            position = end;
        }

        return [.. ranges];
    }
}
