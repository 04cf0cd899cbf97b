
namespace BigDL.Grains;

/// <summary>A model's outputs for a set of rows, in input order.</summary>
/// <param name="Rows">Rows predicted.</param>
/// <param name="Outputs">Outputs per row.</param>
/// <param name="Values">The outputs, row after row (<c>Rows × Outputs</c> floats).</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.PredictionResult")]
public sealed record PredictionResult([Id(0)] int Rows, [Id(1)] int Outputs, [Id(2)] Immutable<float[]> Values);
