using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>The generated train and validation sets of a spec's dataset, shared by the trials of a silo.</summary>
/// <remarks>
/// Every trial of a study trains on the same generated data (it depends only on the dataset spec), so a silo generates it
/// once rather than per trial. Training only reads the sets, so concurrent trials share them safely. The most recently
/// used sets are kept up to <see cref="MaxCachedValues"/> values in all; older ones, and sets larger than that, are
/// generated again when asked for, as they were before there was a cache.
/// </remarks>
internal static class GeneratedDatasets
{
    /// <summary>The most values (inputs and targets, train and validation) kept: 128 MB of floats.</summary>
    const long MaxCachedValues = 32L << 20;

    static readonly Lock Gate = new();
    static readonly LinkedList<Entry> Recent = new();

    /// <summary>Gets the train set and the validation set (a quarter as many rows, from the next seed) of <paramref name="spec"/>.</summary>
    public static (Dataset Train, Dataset Validation) Get(DatasetSpec spec, float margin)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = new Key(spec.Rows, spec.Features, spec.Classes, spec.Seed, margin);
        var size = (spec.Rows + Math.Max(spec.Rows / 4, 1)) * (spec.Features + 1L);
        if (size > MaxCachedValues)
        {
            return Generate(key);
        }

        Lazy<(Dataset, Dataset)> sets;
        lock (Gate)
        {
            var node = Recent.First;
            while (node is not null && node.Value.Key != key)
            {
                node = node.Next;
            }

            if (node is null)
            {
                node = new(new Entry(key, size, new Lazy<(Dataset, Dataset)>(() => Generate(key))));
            }
            else
            {
                Recent.Remove(node);
            }

            Recent.AddFirst(node);
            while (Recent.Sum(e => e.Size) > MaxCachedValues)
            {
                Recent.RemoveLast();
            }

            sets = node.Value.Sets;
        }

        return sets.Value; // generated outside the lock, once (Lazy), by the first trial that asks
    }

    static (Dataset, Dataset) Generate(Key k) =>
        (SyntheticData.Classification(k.Rows, k.Features, k.Classes, k.Seed, k.Margin),
         SyntheticData.Classification(Math.Max(k.Rows / 4, 1), k.Features, k.Classes, k.Seed + 1, k.Margin));

    readonly record struct Key(int Rows, int Features, int Classes, int Seed, float Margin);

    sealed record Entry(Key Key, long Size, Lazy<(Dataset Train, Dataset Validation)> Sets);
}
