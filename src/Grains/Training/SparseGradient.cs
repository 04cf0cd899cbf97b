using System.Numerics.Tensors;

namespace BigDL.Grains;

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
    /// <summary>
    /// Copies the <paramref name="used"/> parts of the shards' <paramref name="slices"/> (whose bounds in the flat vector are
    /// <paramref name="bounds"/>) into <paramref name="values"/>; a slice sent packed (<see cref="ShardSlice.Ranges"/>) must
    /// hold every used part of it.
    /// </summary>
    public static void Install(IReadOnlyList<ShardSlice> slices, (int Offset, int Length)[] bounds, List<(int Offset, int Length)> used, float[] values)
    {
        var s = 0;
        var pair = 0; // in a packed slice: the first of its ranges that may hold the next part, and where its values start
        var packedAt = 0;
        foreach (var (offset, length) in used)
        {
            var end = offset + length;
            for (var at = offset; at < end;)
            {
                while (bounds[s].Offset + bounds[s].Length <= at)
                {
                    s++; // the slices cover the flat vector in order, so the next range starts in this slice or a later one
                    pair = 0;
                    packedAt = 0;
                }

                var slice = slices[s];
                var take = Math.Min(end, bounds[s].Offset + bounds[s].Length) - at;
                var local = at - slice.Offset;
                var source = slice.Values.Value;
                if (slice.Ranges is { } ranges)
                {
                    var pairs = ranges.Value;
                    while (pair < pairs.Length && pairs[pair] + pairs[pair + 1] <= local)
                    {
                        packedAt += pairs[pair + 1];
                        pair += 2;
                    }

                    if (pair >= pairs.Length || pairs[pair] > local || local + take > pairs[pair] + pairs[pair + 1])
                    {
                        throw new InvalidOperationException(
                            $"the answer of the shard at offset {slice.Offset} lacks floats {local}..{local + take - 1} of its slice, which this step uses");
                    }

                    local = packedAt + (local - pairs[pair]);
                }

                source.AsSpan(local, take).CopyTo(values.AsSpan(at, take));
                at += take;
            }
        }
    }

    /// <summary>The <paramref name="used"/> parts inside a shard's slice, as (offset in the slice, length) pairs.</summary>
    public static int[] Within(List<(int Offset, int Length)> used, int sliceOffset, int sliceLength)
    {
        var pairs = new List<int>();
        foreach (var (offset, length) in used)
        {
            var start = Math.Max(offset, sliceOffset);
            var end = Math.Min(offset + length, sliceOffset + sliceLength);
            if (end > start)
            {
                pairs.Add(start - sliceOffset);
                pairs.Add(end - start);
            }
        }

        return [.. pairs];
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
