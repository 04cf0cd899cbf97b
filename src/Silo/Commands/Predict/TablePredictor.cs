using BigDL.Compute.Data;
using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;
using BigDL.Silo.Commands.Cli;

namespace BigDL.Silo.Commands.Predict;

/// <summary>
/// Predicts every row of a table with a model that takes one row of numbers, checking first that the table's feature
/// columns fit the model. The result has <c>row</c> (the input row, from 0), the kept input columns, then
/// <c>prediction</c>: the class index of a classifier (several outputs, read as logits, with <c>probability_0</c>,
/// <c>probability_1</c>, ... by softmax beside it) or the value of a single-output model.
/// </summary>
internal static class TablePredictor
{
    /// <summary>The columns picked for the model: <c>Features</c>, or every column but the kept and excluded ones.</summary>
    public sealed record Columns(IReadOnlyList<string> Features, IReadOnlyList<string> Keep, IReadOnlyList<string> Exclude);

    public static Frame Predict(Model model, string modelName, Frame input, Columns columns)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(columns);
        if (model.InputShapes.Count != 1 || model.InputShapes[0].Length != 1)
        {
            throw new CliException($"{modelName} takes inputs of shape {string.Join(", ", model.InputShapes.Select(s => Tensor.ShapeText(s)))}; predict handles models that take one row of numbers.");
        }

        var width = model.InputShapes[0][0];
        var source = input.Source ?? "the input";
        Require(input, columns.Keep, "--keep");
        Require(input, columns.Exclude, "--exclude");
        Require(input, columns.Features, "--features");
        var features = columns.Features.Count > 0
            ? columns.Features
            : [.. input.ColumnNames.Where(c => !columns.Keep.Contains(c) && !columns.Exclude.Contains(c))];
        if (features.Count != width)
        {
            var hint = features.Count > width
                ? "leave the others out with --exclude (or copy them beside the predictions with --keep), or name the features with --features"
                : "give one column per model input";
            throw new CliException($"{source} has {features.Count} feature column(s) ({string.Join(", ", features)}) but {modelName} takes {width}; {hint}.");
        }

        var rows = input.RowCount;
        if (rows == 0)
        {
            throw new CliException($"{source} has a header but no rows to predict.");
        }

        using var x = new Tensor(rows, width);
        var values = x.Span;
        for (var c = 0; c < width; c++)
        {
            var column = input[features[c]];
            if (column is not NumericColumn numeric)
            {
                var example = Enumerable.Range(0, rows).Select(column.Text).FirstOrDefault(t => t is not null);
                throw new CliException($"{source}: column '{column.Name}' is not numeric (e.g. '{example}'); the model's inputs are numbers, so leave it out with --exclude or --keep.");
            }

            for (var r = 0; r < rows; r++)
            {
                if (numeric.IsMissing(r))
                {
                    throw new CliException($"{input.Where(r)}, column '{column.Name}': the value is missing; the model needs every feature of every row.");
                }

                values[r * width + c] = (float)numeric[r];
            }
        }

        using var y = model.Predict(x);
        return Output(input, columns.Keep, y, rows);
    }

    static Frame Output(Frame input, IReadOnlyList<string> keep, Tensor y, int rows)
    {
        var outputs = y.Rank == 1 ? 1 : y.RowLength;
        var result = new List<Column> { new NumericColumn("row", [.. Enumerable.Range(0, rows).Select(r => (double)r)]) };
        result.AddRange(keep.Select(name => input[name]));
        var scores = y.Span;
        if (outputs == 1)
        {
            var values = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                values[r] = scores[r];
            }

            result.Add(new NumericColumn("prediction", values));
            return new Frame(result);
        }

        var predicted = new double[rows];
        var probabilities = Enumerable.Range(0, outputs).Select(_ => new double[rows]).ToArray();
        for (var r = 0; r < rows; r++)
        {
            var logits = scores.Slice(r * outputs, outputs);
            var max = System.Numerics.Tensors.TensorPrimitives.Max(logits);
            var sum = 0.0;
            for (var k = 0; k < outputs; k++)
            {
                sum += probabilities[k][r] = Math.Exp(logits[k] - max);
            }

            for (var k = 0; k < outputs; k++)
            {
                probabilities[k][r] /= sum;
            }

            predicted[r] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);
        }

        result.Add(new NumericColumn("prediction", predicted));
        result.AddRange(probabilities.Select((p, k) => new NumericColumn($"probability_{k}", p)));
        return new Frame(result);
    }

    static void Require(Frame input, IReadOnlyList<string> names, string flag)
    {
        var missing = names.Where(n => !input.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"{flag} names column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} that {input.Source ?? "the input"} lacks; its columns are {string.Join(", ", input.ColumnNames)}.");
        }
    }
}
