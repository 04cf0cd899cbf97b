using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>Replaces each categorical column by one 0/1 column per training category, named "column=category".</summary>
/// <remarks>Categories are sorted ordinally so the output columns do not depend on row order; a missing value encodes as all zeros.</remarks>
public sealed class OneHotEncoder : FrameTransform
{
    /// <summary>Creates an encoder over <paramref name="columns"/> (of any type; values compare by their invariant text).</summary>
    [JsonConstructor]
    public OneHotEncoder(IReadOnlyList<string> columns, UnknownCategory unknown = UnknownCategory.Error)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new DatasetException("OneHotEncoder option columns is empty");
        }

        Columns = columns;
        Unknown = unknown;
    }

    /// <summary>The columns encoded.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>What happens to a category not seen in training.</summary>
    public UnknownCategory Unknown { get; }

    /// <summary>The fitted categories per column, sorted ordinally.</summary>
    [JsonInclude]
    public IReadOnlyList<IReadOnlyList<string>> Categories { get; private set; } = [];

    /// <inheritdoc />
    protected override void FitCore(Frame training)
    {
        training.RequireColumns(Columns);
        Categories = [.. Columns.Select(name => Distinct(training[name]))];
    }

    /// <inheritdoc />
    protected override Frame TransformCore(Frame frame)
    {
        frame.RequireColumns(Columns);
        for (var c = 0; c < Columns.Count; c++)
        {
            var source = frame[Columns[c]];
            var categories = Categories[c];
            var index = categories.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
            var outputs = categories.Select(_ => new double[frame.RowCount]).ToArray();
            for (var r = 0; r < frame.RowCount; r++)
            {
                var text = source.Text(r);
                if (text is null)
                {
                    continue;
                }

                if (index.TryGetValue(text, out var k))
                {
                    outputs[k][r] = 1;
                }
                else if (Unknown == UnknownCategory.Error)
                {
                    throw new DatasetException($"{frame.Where(r)}, column '{Columns[c]}': category '{text}' was not in the training data (OneHotEncoder unknown = Error)");
                }
            }

            frame = frame.Replace(Columns[c], outputs.Select((o, k) => new NumericColumn($"{Columns[c]}={categories[k]}", o)));
        }

        return frame;
    }

    internal static List<string> Distinct(Column column)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < column.Length; r++)
        {
            if (column.Text(r) is { } text)
            {
                seen.Add(text);
            }
        }

        return [.. seen];
    }
}
