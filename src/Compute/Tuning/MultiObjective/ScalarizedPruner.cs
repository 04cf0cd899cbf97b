using System.Collections.Immutable;
using BigDL.Compute.Tuning.Pruners;

namespace BigDL.Compute.Tuning.MultiObjective;

/// <summary>
/// Prunes a multi-objective study on one score: the weighted sum of its objectives, each turned so that higher is better
/// (<c>score = Σ wᵢ · ±vᵢ</c>, minus for minimized objectives). Optuna refuses to prune multi-objective studies; a
/// scalarised rule is what makes any single-objective pruner meaningful for them.
/// </summary>
/// <remarks>
/// The trials' intermediate values must already be scores (<see cref="Score"/> of each step's objective vector): the
/// wrapped pruner sees the study as a single maximized objective whose complete trials' values are their scores.
/// </remarks>
public sealed class ScalarizedPruner : IPruner
{
    readonly ImmutableArray<StudyDirection> directions;

    /// <summary>Creates the pruner; weights are non-negative, one per objective, at least one positive.</summary>
    public ScalarizedPruner(IPruner inner, IReadOnlyList<StudyDirection> directions, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != directions.Count)
        {
            throw new ArgumentException($"expected one weight per objective ({directions.Count}), got {weights.Count}", nameof(weights));
        }

        if (weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || !weights.Any(w => w > 0))
        {
            throw new ArgumentException("weights must be finite and non-negative, at least one positive", nameof(weights));
        }

        Inner = inner;
        this.directions = [.. directions];
        Weights = [.. weights];
    }

    /// <summary>The pruner that decides on the scores.</summary>
    public IPruner Inner { get; }

    /// <summary>The weight of each objective.</summary>
    public ImmutableArray<double> Weights { get; }

    /// <summary>The score of one objective vector (higher is better).</summary>
    public double Score(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != directions.Length)
        {
            throw new ArgumentException($"expected {directions.Length} values, got {values.Count}", nameof(values));
        }

        var score = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            score += Weights[i] == 0 ? 0 : Weights[i] * (directions[i] == StudyDirection.Maximize ? values[i] : -values[i]);
        }

        return score;
    }

    /// <inheritdoc/>
    public bool Prune(StudySnapshot study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        var scored = study.Trials.Select(t => t.Values.Length == directions.Length ? t with { Values = [Score(t.Values)] } : t);
        return Inner.Prune(new StudySnapshot([StudyDirection.Maximize], [.. scored]), trial);
    }
}
