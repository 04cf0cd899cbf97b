using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Grains;

/// <summary>How well the trained weights fit some rows.</summary>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="Loss">Mean loss over the rows.</param>
/// <param name="Accuracy">Share of rows classified right, or null when the loss is not a classification loss.</param>
[Immutable]
public sealed record EvaluationResult(int Rows, double Loss, double? Accuracy);
