using System.Text.Json.Serialization;

namespace BigDL.Compute.Data.Transforms;

/// <summary>Maps numeric columns so the training minimum becomes 0 and the maximum 1 (new data may fall outside [0, 1]).</summary>
public sealed class MinMaxScaler : ColumnScaler
{
    /// <summary>Creates a scaler over <paramref name="columns"/>.</summary>
    [JsonConstructor]
    public MinMaxScaler(IReadOnlyList<string> columns)
        : base(columns)
    {
    }

    private protected override (double Offset, double Scale) FitColumn(List<double> values) =>
        (values.Min(), values.Max() - values.Min());
}
