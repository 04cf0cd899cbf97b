using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>A per-column affine map x → (x − offset) / scale over numeric columns, fitted on training data; NaN stays NaN.</summary>
public abstract class ColumnScaler : FrameTransform
{
    private protected ColumnScaler(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new DatasetException($"{GetType().Name} option columns is empty");
        }

        Columns = columns;
    }

    /// <summary>The numeric columns scaled.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The fitted offsets, one per column.</summary>
    [JsonInclude]
    public IReadOnlyList<double> Offsets { get; private set; } = [];

    /// <summary>The fitted scales, one per column (1 where the training column was constant).</summary>
    [JsonInclude]
    public IReadOnlyList<double> Scales { get; private set; } = [];

    /// <inheritdoc />
    protected override void FitCore(Frame training)
    {
        training.RequireColumns(Columns);
        var offsets = new double[Columns.Count];
        var scales = new double[Columns.Count];
        for (var c = 0; c < Columns.Count; c++)
        {
            var present = new List<double>();
            foreach (var v in training.Numeric(Columns[c]).Values)
            {
                if (!double.IsNaN(v))
                {
                    present.Add(v);
                }
            }

            if (present.Count == 0)
            {
                throw new DatasetException($"{GetType().Name}: column '{Columns[c]}' has no values to fit on (all missing)");
            }

            (offsets[c], scales[c]) = FitColumn(present);
            scales[c] = scales[c] == 0 ? 1 : scales[c];
        }

        Offsets = offsets;
        Scales = scales;
    }

    /// <summary>The offset and scale for one column's present values.</summary>
    private protected abstract (double Offset, double Scale) FitColumn(List<double> values);

    /// <inheritdoc />
    protected override Frame TransformCore(Frame frame)
    {
        frame.RequireColumns(Columns);
        var scaled = new Column[Columns.Count];
        for (var c = 0; c < Columns.Count; c++)
        {
            var values = frame.Numeric(Columns[c]).Values;
            var result = new double[values.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = (values[i] - Offsets[c]) / Scales[c];
            }

            scaled[c] = new NumericColumn(Columns[c], result);
        }

        return frame.With(scaled);
    }
}
