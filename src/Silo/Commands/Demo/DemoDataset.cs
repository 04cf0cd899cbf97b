using System.Globalization;
using BigDL.Compute.Data;
using BigDL.Compute.Training;
using BigDL.Grains;

namespace BigDL.Silo.Commands.Demo;

/// <summary>
/// Writes the demo's data as CSV (<c>f0..fN, label</c>): the training rows the trials generate from the spec's seed,
/// and rows from another seed that no trial saw, to predict with the best model.
/// </summary>
internal static class DemoDataset
{
    /// <summary>Rows in the file of new rows.</summary>
    public const int NewRows = 500;

    /// <summary>Writes <c>train.csv</c> and <c>new.csv</c> into <paramref name="folder"/>; returns their paths.</summary>
    public static (string Train, string New) Write(string folder, DatasetSpec d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var margin = (float)(d.Margin ?? 0.1);
        var train = Path.Combine(folder, "train.csv");
        var fresh = Path.Combine(folder, "new.csv");
        FrameWriter.WriteCsv(ToFrame(SyntheticData.Classification(d.Rows, d.Features, d.Classes, d.Seed, margin)), train, overwrite: true);

        // Seeds Seed and Seed + 1 are the trials' training and validation rows; Seed + 1000 is data none of them saw.
        FrameWriter.WriteCsv(ToFrame(SyntheticData.Classification(NewRows, d.Features, d.Classes, d.Seed + 1000, margin)), fresh, overwrite: true);
        return (train, fresh);
    }

    static Frame ToFrame(Dataset data)
    {
        var x = data.Inputs[0];
        var features = x.Dim(1);
        var columns = new List<Column>();
        for (var f = 0; f < features; f++)
        {
            var values = new double[data.Rows];
            for (var r = 0; r < data.Rows; r++)
            {
                values[r] = x.Span[r * features + f];
            }

            columns.Add(new NumericColumn("f" + f.ToString(CultureInfo.InvariantCulture), values));
        }

        columns.Add(new NumericColumn("label", [.. data.Targets.Span.ToArray().Select(v => (double)v)]));
        return new Frame(columns);
    }
}
