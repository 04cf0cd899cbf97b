using BigDL.Compute.Data;
using BigDL.Compute.Data.Transforms;
using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Grains;

/// <summary>
/// A table spec made concrete: its source, its training and validation rows (the split is seeded, so every grain gets
/// the same), its fitted transforms, and the tensors of its feature and label columns.
/// </summary>
internal static class TableData
{
    /// <summary>The source <paramref name="source"/> describes; a bad description names its option.</summary>
    public static IFrameSource Source(DataSourceSpec? source, string option = "Dataset.Table.Source")
    {
        if (source is null)
        {
            throw new TrainingSpecException(option, "is required");
        }

        if (string.IsNullOrWhiteSpace(source.Location))
        {
            throw new TrainingSpecException($"{option}.Location", source.Kind == "csv" ? "is empty; give the CSV file's path" : "is empty; give the connection string");
        }

        if (source.Kind == "csv")
        {
            return CsvSource.FromFile(source.Location);
        }

        if (!DataConnections.IsSql(source.Kind))
        {
            throw new TrainingSpecException($"{option}.Kind", $"'{source.Kind}' is unknown; use csv, sqlite or postgres");
        }

        if (string.IsNullOrWhiteSpace(source.Query))
        {
            throw new TrainingSpecException($"{option}.Query", $"is empty; a {source.Kind} source needs a query");
        }

        if (string.IsNullOrWhiteSpace(source.OrderBy))
        {
            throw new TrainingSpecException($"{option}.OrderBy", "is empty; name a column unique per row, so every read gives the same row order");
        }

        try
        {
            return new SqlSource(() => DataConnections.Create(source.Kind, source.Location, $"{option}.Kind"), source.Query, source.OrderBy);
        }
        catch (DatasetException e)
        {
            throw new TrainingSpecException($"{option}.OrderBy", e.Message, e);
        }
    }

    /// <summary>Reads the table's rows and splits off the validation rows (null when the fraction is 0).</summary>
    public static (Frame Train, Frame? Validation) Read(TrainingDataSpec data)
    {
        var table = Table(data);
        var frame = Source(table.Source).Read();
        return table.ValidationFraction > 0
            ? TrainValidationSplit.Split(frame, table.ValidationFraction, (ulong)data.Seed)
            : (frame, null);
    }

    /// <summary>The table spec of a <c>table</c> data spec.</summary>
    public static TableDataSpec Table(TrainingDataSpec data) =>
        data.Table ?? throw new TrainingSpecException("Dataset.Table", "is required when Dataset.Kind is 'table'");

    /// <summary>The transforms the spec carries (fitted, once the driver has prepared the job), or null.</summary>
    public static FrameTransform? Transforms(TableDataSpec table) =>
        table.TransformsJson is null ? null : FrameTransform.FromJson(table.TransformsJson);

    /// <summary>Applies the fitted transforms, if any.</summary>
    public static Frame Apply(FrameTransform? transforms, Frame frame) => transforms is null ? frame : transforms.Transform(frame);

    /// <summary>Features and labels of transformed rows.</summary>
    public static Dataset ToDataset(TableDataSpec table, Frame transformed) =>
        transformed.ToDataset([.. table.Features], table.Label);

    /// <summary>Features of transformed rows, for prediction (no label needed).</summary>
    public static Tensor Features(TableDataSpec table, Frame transformed) => transformed.ToTensor([.. table.Features]);
}
