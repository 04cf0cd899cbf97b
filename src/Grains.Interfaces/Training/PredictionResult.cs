using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Grains;

/// <summary>A model's outputs for a set of rows, in input order.</summary>
/// <param name="Rows">Rows predicted.</param>
/// <param name="Outputs">Outputs per row.</param>
/// <param name="Values">The outputs, row after row (<c>Rows × Outputs</c> floats).</param>
[Immutable]
public sealed record PredictionResult(int Rows, int Outputs, Immutable<float[]> Values);
