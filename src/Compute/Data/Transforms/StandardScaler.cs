using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>Standardizes numeric columns to zero mean and unit (population) standard deviation of the training data.</summary>
public sealed class StandardScaler : ColumnScaler
{
    /// <summary>Creates a scaler over <paramref name="columns"/>.</summary>
    [JsonConstructor]
    public StandardScaler(IReadOnlyList<string> columns)
        : base(columns)
    {
    }

    private protected override (double Offset, double Scale) FitColumn(List<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return (mean, Math.Sqrt(variance));
    }
}
