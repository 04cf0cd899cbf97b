namespace BigDL.Compute.Data;

/// <summary>Splits a frame into P partitions, by contiguous row ranges or by a stable hash of a key column.</summary>
/// <remarks>
/// A partition is a pure function of the frame and the spec, so re-reading a source (whose reads are identical)
/// and partitioning again gives the same rows in the same order; rows keep their relative order inside a partition.
/// </remarks>
public sealed class Partitioner
{
    Partitioner(int count, string? keyColumn)
    {
        if (count < 1)
        {
            throw new DatasetException($"option partitions must be at least 1 (was {count})");
        }

        Count = count;
        KeyColumn = keyColumn;
    }

    /// <summary>Number of partitions.</summary>
    public int Count { get; }

    /// <summary>The key column for hash partitioning; null for row ranges.</summary>
    public string? KeyColumn { get; }

    /// <summary>P contiguous row ranges whose sizes differ by at most one.</summary>
    public static Partitioner ByRowRange(int partitions) => new(partitions, null);

    /// <summary>Rows go to partition FNV-1a(key text) mod P, so all rows of one key share a partition.</summary>
    public static Partitioner ByKeyHash(string column, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        return new Partitioner(partitions, column);
    }

    /// <summary>The partitioner that <see cref="Count"/> and <see cref="KeyColumn"/> describe (to rebuild one sent as plain values).</summary>
    public static Partitioner Create(int partitions, string? keyColumn) =>
        keyColumn is null ? ByRowRange(partitions) : ByKeyHash(keyColumn, partitions);

    /// <summary>The rows of <paramref name="frame"/> in each partition; throws if a partition would be empty.</summary>
    public IReadOnlyList<int[]> Assign(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (Count > frame.RowCount)
        {
            throw new DatasetException($"{frame.Source ?? "frame"}: option partitions ({Count}) is more than the {frame.RowCount} rows; every partition needs at least one row");
        }

        if (KeyColumn is null)
        {
            return [.. Enumerable.Range(0, Count).Select(p => Range(frame.RowCount, p))];
        }

        var key = frame[KeyColumn];
        var lists = Enumerable.Range(0, Count).Select(_ => new List<int>()).ToArray();
        for (var r = 0; r < frame.RowCount; r++)
        {
            lists[(int)(StableHash.Fnv1a(key.Text(r) ?? string.Empty) % (uint)Count)].Add(r);
        }

        for (var p = 0; p < Count; p++)
        {
            if (lists[p].Count == 0)
            {
                throw new DatasetException(
                    $"{frame.Source ?? "frame"}: option partitions ({Count}) with key '{KeyColumn}' leaves partition {p} empty; use fewer partitions or ByRowRange");
            }
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    /// <summary>Partition <paramref name="index"/> of <paramref name="frame"/>.</summary>
    public Frame Partition(Frame frame, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return frame.Take(Assign(frame)[index]);
    }

    /// <summary>All partitions of <paramref name="frame"/>.</summary>
    public IReadOnlyList<Frame> Split(Frame frame) => [.. Assign(frame).Select(frame.Take)];

    /// <summary>Reads <paramref name="source"/> and returns partition <paramref name="index"/> (what a replica does on (re)activation).</summary>
    public Frame ReadPartition(IFrameSource source, int index)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Partition(source.Read(), index);
    }

    /// <summary>Row range <paramref name="index"/> of <paramref name="rows"/> rows cut into <paramref name="partitions"/> (what <see cref="ByRowRange"/> assigns).</summary>
    public static (int Start, int Count) RowRange(int rows, int partitions, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, partitions);

        // The first rows % P partitions get one extra row.
        int size = rows / partitions, extra = rows % partitions;
        return ((index * size) + Math.Min(index, extra), size + (index < extra ? 1 : 0));
    }

    int[] Range(int rows, int p)
    {
        var (start, count) = RowRange(rows, Count, p);
        return [.. Enumerable.Range(start, count)];
    }
}
