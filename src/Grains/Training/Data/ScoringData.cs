using BigDL.Compute.Data;
using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>
/// The rows one replica scores: partition <c>index</c> of <c>partitions</c> contiguous row ranges of the data (so the
/// partitions concatenated are the input order), transformed with the job's fitted transforms.
/// </summary>
internal static class ScoringData
{
    /// <summary>The replica's rows of <paramref name="data"/> (null: the job's validation rows) with labels; null when it has none.</summary>
    public static Dataset? Labelled(TrainingJobSpec job, TrainingDataSpec? data, int index, int partitions)
    {
        var (frame, generated) = Rows(job, data, index, partitions);
        if (generated is not null)
        {
            return generated.Rows == 0 ? null : generated;
        }

        return frame!.RowCount == 0 ? null : TableData.ToDataset(TableData.Table(job.Dataset), frame); // a table gives a frame
    }

    /// <summary>The model inputs of the replica's rows of <paramref name="data"/> (no label needed); null when it has none.</summary>
    public static IReadOnlyList<Tensor>? Inputs(TrainingJobSpec job, TrainingDataSpec data, int index, int partitions)
    {
        var (frame, generated) = Rows(job, data, index, partitions);
        if (generated is not null)
        {
            return generated.Rows == 0 ? null : generated.Inputs;
        }

        return frame!.RowCount == 0 ? null : [TableData.Features(TableData.Table(job.Dataset), frame)]; // a table gives a frame
    }

    // A table job gives transformed frame rows; a generated job gives generated tensors.
    static (Frame? Table, Dataset? Generated) Rows(TrainingJobSpec job, TrainingDataSpec? data, int index, int partitions)
    {
        if (job.Dataset.Kind != "table")
        {
            if (data is not null && data.Kind == "table")
            {
                throw new TrainingSpecException("data.Kind", $"is 'table'; the job trained on generated '{job.Dataset.Kind}' rows, so score generated rows");
            }

            var all = data is null ? GeneratedData.Generate(job.Dataset, validation: true) : GeneratedData.Generate(data);
            var (first, rows) = Partitioner.RowRange(all.Rows, partitions, index);
            return (null, GeneratedData.Slice(all, first, rows));
        }

        var table = TableData.Table(job.Dataset);
        Frame frame;
        if (data is null)
        {
            frame = TableData.Read(job.Dataset).Validation
                ?? throw new InvalidOperationException("the job has no validation rows (Dataset.Table.ValidationFraction is 0)");
        }
        else if (data.Kind == "table")
        {
            frame = TableData.Source(TableData.Table(data).Source, "data.Table.Source").Read();
        }
        else
        {
            throw new TrainingSpecException("data.Kind", $"is '{data.Kind}'; the job trained on a table, so score a table");
        }

        var (start, count) = Partitioner.RowRange(frame.RowCount, partitions, index);
        return (TableData.Apply(TableData.Transforms(table), frame.Slice(start, count)), null);
    }
}
