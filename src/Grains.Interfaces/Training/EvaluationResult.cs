
namespace BigDL.Grains;

/// <summary>How well the trained weights fit some rows.</summary>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="Loss">Mean loss over the rows.</param>
/// <param name="Accuracy">Share of rows classified right, or null when the loss is not a classification loss.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.EvaluationResult")]
public sealed record EvaluationResult([Id(0)] int Rows, [Id(1)] double Loss, [Id(2)] double? Accuracy);
