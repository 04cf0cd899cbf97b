using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>Replaces categorical columns by a fixed number of bucket-count columns (the hashing trick): unseen categories need no refit.</summary>
/// <remarks>
/// The token "column=value" lands in bucket FNV-1a(token) mod <see cref="Buckets"/> with sign +1 or −1 from the hash's
/// top bit (so collisions cancel in expectation, as in Weinberger et al. 2009); missing values add nothing.
/// Nothing is learned: fitting only marks it fitted.
/// </remarks>
public sealed class FeatureHasher : FrameTransform
{
    /// <summary>Creates a hasher of <paramref name="columns"/> into <paramref name="buckets"/> columns named "prefix0", "prefix1", ....</summary>
    [JsonConstructor]
    public FeatureHasher(IReadOnlyList<string> columns, int buckets, string prefix = "hash")
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new DatasetException("FeatureHasher option columns is empty");
        }

        if (buckets < 1)
        {
            throw new DatasetException($"FeatureHasher option buckets must be at least 1 (was {buckets})");
        }

        Columns = columns;
        Buckets = buckets;
        Prefix = prefix;
    }

    /// <summary>The columns hashed (then dropped).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of output columns.</summary>
    public int Buckets { get; }

    /// <summary>Prefix of the output column names.</summary>
    public string Prefix { get; }

    /// <summary>The bucket and sign of one column's value.</summary>
    public (int Bucket, double Sign) Hash(string column, string value)
    {
        var h = StableHash.Fnv1a(column + "=" + value);
        return ((int)(h % (uint)Buckets), (h & 0x8000_0000u) == 0 ? 1 : -1);
    }

    /// <inheritdoc />
    protected override void FitCore(Frame training) => training.RequireColumns(Columns);

    /// <inheritdoc />
    protected override Frame TransformCore(Frame frame)
    {
        frame.RequireColumns(Columns);
        var outputs = Enumerable.Range(0, Buckets).Select(_ => new double[frame.RowCount]).ToArray();
        foreach (var name in Columns)
        {
            var column = frame[name];
            for (var r = 0; r < frame.RowCount; r++)
            {
                if (column.Text(r) is { } text)
                {
                    var (bucket, sign) = Hash(name, text);
                    outputs[bucket][r] += sign;
                }
            }
        }

        return frame.Without(Columns).With(outputs.Select((o, b) => new NumericColumn($"{Prefix}{b}", o)));
    }
}
