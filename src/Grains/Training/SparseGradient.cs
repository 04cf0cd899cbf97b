using System.Numerics.Tensors;

namespace BigDL.Orleans.Grains;

/// <summary>
/// Moves only the parts of the flat parameters a step uses (<see cref="Compute.Nn.Model.ParameterRangesUsed"/>) between
/// a replica's model and its shards: installs those values from the shards' slices, and packs those gradients, scaled,
/// for a sparse push.
/// </summary>
/// <remarks>
/// Most of an embedding model's parameters are rows a batch does not touch: their gradient is zero and its step does not
/// read them. So a replica copies in, scales, sends and clears about a tenth of the floats instead of every one, and the
/// shard sums only those: the same sums as the dense chunk, since adding zero changes none. NaN and infinities in a used
/// range are sent like any value, so a diverged gradient still reaches the shard.
/// </remarks>
internal static class SparseGradient
{
    /// <summary>Copies the <paramref name="used"/> parts of the shards' <paramref name="slices"/> into <paramref name="values"/>.</summary>
    public static void Install(IReadOnlyList<ShardSlice> slices, List<(int Offset, int Length)> used, float[] values)
    {
        var s = 0;
        foreach (var (offset, length) in used)
        {
            var end = offset + length;
            for (var at = offset; at < end;)
            {
                while (slices[s].Offset + slices[s].Values.Value.Length <= at)
                {
                    s++; // the slices cover the flat vector in order, so the next range starts in this slice or a later one
                }

                var slice = slices[s];
                var take = Math.Min(end, slice.Offset + slice.Values.Value.Length) - at;
                slice.Values.Value.AsSpan(at - slice.Offset, take).CopyTo(values.AsSpan(at, take));
                at += take;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="weight"/> × the <paramref name="used"/> gradients that fall in the shard's slice
    /// [<paramref name="sliceOffset"/>, +<paramref name="sliceLength"/>) packed into the start of <paramref name="packed"/>,
    /// zeroes them in <paramref name="gradients"/> for the next step, and returns their (offset in the slice, length) pairs.
    /// <paramref name="next"/> is the first used range not yet wholly packed; shards are packed in order.
    /// </summary>
    public static int[] Pack(float[] gradients, List<(int Offset, int Length)> used, ref int next, int sliceOffset, int sliceLength, float weight, float[] packed)
    {
        var sliceEnd = sliceOffset + sliceLength;
        var pairs = new List<int>();
        var written = 0;
        for (; next < used.Count; next++)
        {
            var (offset, length) = used[next];
            var start = Math.Max(offset, sliceOffset);
            var end = Math.Min(offset + length, sliceEnd);
            if (start >= sliceEnd)
            {
                break;
            }

            if (end > start)
            {
                var source = gradients.AsSpan(start, end - start);
                TensorPrimitives.Multiply(source, weight, packed.AsSpan(written, end - start));
                source.Clear();
                pairs.Add(start - sliceOffset);
                pairs.Add(end - start);
                written += end - start;
            }

            if (offset + length > sliceEnd)
            {
                break; // the rest of this range belongs to the next shard
            }
        }

        return [.. pairs];
    }
}
