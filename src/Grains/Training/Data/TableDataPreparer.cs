using System.Collections.Immutable;
using BigDL.Compute.Data;
using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>
/// The driver's once-per-job work on a table: read it, split off validation rows, fit the transforms on the training rows
/// only, settle the feature columns and check every row converts — all before any replica starts.
/// </summary>
internal static class TableDataPreparer
{
    /// <summary>The spec with the table's training row count, fitted transforms and feature columns; and a one-row sample.</summary>
    public static (TrainingJobSpec Spec, Dataset Sample) Prepare(TrainingJobSpec spec)
    {
        var data = spec.Dataset;
        var table = TableData.Table(data);
        if (string.IsNullOrWhiteSpace(table.Label))
        {
            throw new TrainingSpecException("Dataset.Table.Label", "is empty; name the label column");
        }

        if (!(table.ValidationFraction >= 0 && table.ValidationFraction < 1))
        {
            throw new TrainingSpecException("Dataset.Table.ValidationFraction", $"is {table.ValidationFraction}; use 0 for none or a share below 1");
        }

        var source = TableData.Source(table.Source);
        var (train, validation) = Guard("Dataset.Table.Source", () => TableData.Read(data));
        var transforms = Guard("Dataset.Table.TransformsJson", () => TableData.Transforms(table));
        var transformed = Guard("Dataset.Table.TransformsJson", () => transforms is null ? train : transforms.FitTransform(train));
        if (!transformed.Contains(table.Label))
        {
            throw new TrainingSpecException("Dataset.Table.Label", $"'{table.Label}' is not a column of {source.Name}; the columns are: {string.Join(", ", transformed.ColumnNames)}");
        }

        var features = table.Features.IsDefaultOrEmpty
            ? [.. transformed.Columns.Where(c => c.Kind == ColumnKind.Numeric && c.Name != table.Label).Select(c => c.Name)]
            : table.Features;
        var missing = features.Where(f => !transformed.Contains(f)).ToList();
        if (features.IsEmpty || missing.Count > 0)
        {
            throw new TrainingSpecException(
                "Dataset.Table.Features",
                features.IsEmpty
                    ? $"is empty and {source.Name} has no numeric column besides the label '{table.Label}'"
                    : $"names '{string.Join("', '", missing)}', not columns of {source.Name}; the columns are: {string.Join(", ", transformed.ColumnNames)}");
        }

        var resolved = table with { Features = features, TransformsJson = transforms?.ToJson() };

        // Converting every row now reports a non-numeric or missing value by file, line and column before training.
        var dataset = Guard("Dataset.Table", () => TableData.ToDataset(resolved, transformed));
        if (validation is not null)
        {
            Guard("Dataset.Table", () => TableData.ToDataset(resolved, TableData.Apply(transforms, validation)));
        }

        if (resolved.PartitionKey is { } key && !train.Contains(key))
        {
            throw new TrainingSpecException("Dataset.Table.PartitionKey", $"'{key}' is not a column of {source.Name}; the columns are: {string.Join(", ", train.ColumnNames)}");
        }

        Guard(nameof(TrainingJobSpec.Replicas), () => Partitioner.Create(spec.Replicas, resolved.PartitionKey).Assign(train));
        var prepared = spec with { Dataset = data with { Rows = train.RowCount, Table = resolved } };
        return (prepared, GeneratedData.Slice(dataset, 0, 1));
    }

    // The data layer's messages already name the file, line, column or value; the option says which part of the spec to fix.
    static T Guard<T>(string option, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DatasetException e)
        {
            throw new TrainingSpecException(option, $"is not usable: {e.Message}", e);
        }
    }
}
