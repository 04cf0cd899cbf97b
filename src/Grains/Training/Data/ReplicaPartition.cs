using BigDL.Compute.Data;
using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>The training rows one replica holds: their tensors, their positions among all training rows, and how many there are.</summary>
/// <param name="Data">The partition's rows, in training-row order.</param>
/// <param name="GlobalRows">The training-row index of each of them, ascending.</param>
/// <param name="TotalRows">Training rows over all partitions.</param>
internal sealed record ReplicaPartition(Dataset Data, int[] GlobalRows, int TotalRows)
{
    /// <summary>
    /// Reads partition <paramref name="index"/> the way every activation does: the source is re-read, split and partitioned
    /// deterministically, so a re-activated replica gets exactly its old rows; the fitted transforms come with the spec.
    /// </summary>
    public static ReplicaPartition Load(TrainingJobSpec spec, int index)
    {
        var data = spec.Dataset;
        if (data.Kind != "table")
        {
            var all = GeneratedData.Generate(data);
            var (start, count) = Partitioner.RowRange(all.Rows, spec.Replicas, index);
            return new ReplicaPartition(GeneratedData.Slice(all, start, count), [.. Enumerable.Range(start, count)], all.Rows);
        }

        var table = TableData.Table(data);
        var (train, _) = TableData.Read(data);
        if (train.RowCount != data.Rows)
        {
            throw new InvalidOperationException(
                $"{train.Source} now gives {train.RowCount} training rows; the job started with {data.Rows}: its source changed under the job");
        }

        var rows = Partitioner.Create(spec.Replicas, table.PartitionKey).Assign(train)[index];
        var transformed = TableData.Apply(TableData.Transforms(table), train.Take(rows));
        return new ReplicaPartition(TableData.ToDataset(table, transformed), rows, train.RowCount);
    }
}
