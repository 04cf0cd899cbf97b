using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>Replaces a label column by class indices 0..K−1 of its training classes, sorted ordinally.</summary>
public sealed class LabelEncoder : FrameTransform
{
    /// <summary>Creates an encoder of <paramref name="column"/>.</summary>
    [JsonConstructor]
    public LabelEncoder(string column)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        Column = column;
    }

    /// <summary>The column encoded.</summary>
    public string Column { get; }

    /// <summary>The fitted classes; class i encodes as i.</summary>
    [JsonInclude]
    public IReadOnlyList<string> Classes { get; private set; } = [];

    /// <summary>The class that index <paramref name="index"/> stands for (for reading predictions).</summary>
    public string Decode(int index) => Classes[index];

    /// <inheritdoc />
    protected override void FitCore(Frame training)
    {
        var column = training[Column];
        Classes = OneHotEncoder.Distinct(column);
        if (Classes.Count == 0)
        {
            throw new DatasetException($"LabelEncoder: column '{Column}' has no values to fit on (all missing)");
        }
    }

    /// <inheritdoc />
    protected override Frame TransformCore(Frame frame)
    {
        var column = frame[Column];
        var index = Classes.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
        var codes = new double[frame.RowCount];
        for (var r = 0; r < codes.Length; r++)
        {
            var text = column.Text(r);
            if (text is null)
            {
                codes[r] = double.NaN;
            }
            else if (!index.TryGetValue(text, out var code))
            {
                throw new DatasetException($"{frame.Where(r)}, column '{Column}': label '{text}' was not in the training data; the classes are: {string.Join(", ", Classes)}");
            }
            else
            {
                codes[r] = code;
            }
        }

        return frame.With(new NumericColumn(Column, codes));
    }
}
