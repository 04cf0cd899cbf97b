using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Compute.Data;

/// <summary>Turns frames into the training <see cref="Dataset"/> (float32 tensors, rows = dimension 0).</summary>
public static class FrameDatasetExtensions
{
    /// <summary>Features [rows, features.Count] and targets [rows, labels.Count] from numeric columns without missing values.</summary>
    /// <remarks>Every problem (absent, non-numeric or missing-valued column) is reported before any tensor is built.</remarks>
    public static Dataset ToDataset(this Frame frame, IReadOnlyList<string> features, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count == 0 || labels.Count == 0)
        {
            throw new DatasetException($"{frame.Source ?? "frame"}: option {(features.Count == 0 ? "features" : "labels")} names no columns");
        }

        if (frame.RowCount == 0)
        {
            throw new DatasetException($"{frame.Source ?? "frame"} has no rows to train on");
        }

        frame.RequireColumns(features, "feature column");
        frame.RequireColumns(labels, "label column");
        return new Dataset(ToTensor(frame, features), ToTensor(frame, labels));
    }

    /// <summary>One input tensor [rows, group.Count] per column group (for multi-input models such as NeuMF's user and item ids), targets [rows, labels.Count].</summary>
    public static Dataset ToDataset(this Frame frame, IReadOnlyList<IReadOnlyList<string>> inputs, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (inputs.Count == 0 || inputs.Any(g => g.Count == 0) || labels.Count == 0)
        {
            throw new DatasetException($"{frame.Source ?? "frame"}: option {(labels.Count == 0 ? "labels" : "inputs")} has an empty column list");
        }

        if (frame.RowCount == 0)
        {
            throw new DatasetException($"{frame.Source ?? "frame"} has no rows to train on");
        }

        frame.RequireColumns(inputs.SelectMany(g => g), "feature column");
        frame.RequireColumns(labels, "label column");
        return new Dataset([.. inputs.Select(g => frame.ToTensor(g))], frame.ToTensor(labels));
    }

    /// <summary>Single-label overload of <see cref="ToDataset(Frame, IReadOnlyList{string}, IReadOnlyList{string})"/>.</summary>
    public static Dataset ToDataset(this Frame frame, IReadOnlyList<string> features, string label) =>
        frame.ToDataset(features, [label]);

    /// <summary>The named numeric columns as a [rows, columns] tensor; throws naming the first bad column and row.</summary>
    public static Tensor ToTensor(this Frame frame, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(columns);
        frame.RequireColumns(columns);
        var numeric = columns.Select(name => RequireNumeric(frame, name)).ToArray();
        var data = new float[frame.RowCount * numeric.Length];
        for (var c = 0; c < numeric.Length; c++)
        {
            var values = numeric[c].Values;
            for (var r = 0; r < values.Length; r++)
            {
                data[(r * numeric.Length) + c] = (float)values[r];
            }
        }

        return Tensor.FromArray(data, frame.RowCount, numeric.Length);
    }

    internal static NumericColumn RequireNumeric(Frame frame, string name)
    {
        var column = frame[name];
        if (column is not NumericColumn numeric)
        {
            // Point at the first value that is not a number: that is the one to fix (or the sign the column is categorical).
            var bad = Enumerable.Range(0, column.Length).FirstOrDefault(
                r => !column.IsMissing(r) && !double.TryParse(column.Text(r), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
            var example = column.Length == 0 ? "" : $"; {frame.Where(bad)} holds '{column.Text(bad)}'";
            var hint = column.Kind == ColumnKind.Text ? " (encode it first: LabelEncoder, OneHotEncoder or FeatureHasher)" : " (derive numbers first: DateTimeFeatures)";
            throw new DatasetException($"{frame.Source ?? "frame"}: column '{name}' is {column.Kind}, not numeric{example}{hint}");
        }

        for (var r = 0; r < numeric.Length; r++)
        {
            if (numeric.IsMissing(r) || double.IsInfinity(numeric[r]))
            {
                throw new DatasetException($"{frame.Where(r)}, column '{name}': value is {(numeric.IsMissing(r) ? "missing" : numeric[r])}; fill or drop such rows before training");
            }
        }

        return numeric;
    }
}
