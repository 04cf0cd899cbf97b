using System.Collections.Immutable;
using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.MultiObjective;
using BigDL.Compute.Tuning.Pruners;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>Pruning a multi-objective study on a weighted sum of its objectives.</summary>
public class ScalarizedPrunerTests
{
    static readonly StudyDirection[] AccuracyAndLatency = [StudyDirection.Maximize, StudyDirection.Minimize];

    [Fact]
    public void The_score_turns_minimized_objectives_so_that_higher_is_better()
    {
        var pruner = new ScalarizedPruner(new NopPruner(), AccuracyAndLatency, [1, 0.5]);

        Assert.Equal(0.9 - (0.5 * 2), pruner.Score([0.9, 2]), 12);
        Assert.True(pruner.Score([0.9, 1]) > pruner.Score([0.9, 2]));
    }

    [Theory]
    [InlineData(new[] { 1.0 })]
    [InlineData(new[] { 1.0, -1 })]
    [InlineData(new[] { 0.0, 0 })]
    [InlineData(new[] { double.NaN, 1 })]
    public void Weights_must_be_one_non_negative_number_per_objective_with_one_positive(double[] weights)
    {
        var e = Assert.Throws<ArgumentException>(() => new ScalarizedPruner(new NopPruner(), AccuracyAndLatency, weights));
        Assert.Equal("weights", e.ParamName);
    }

    [Fact]
    public void A_median_pruner_on_scores_stops_the_trial_whose_score_trails_the_median()
    {
        var pruner = new ScalarizedPruner(new MedianPruner(nStartupTrials: 2), AccuracyAndLatency, [1, 1]);
        // Scores at step 1: 0.9 - 0.1 = 0.8 and 0.5 - 0.1 = 0.4 for the complete trials; median 0.6.
        var study = new StudySnapshot([.. AccuracyAndLatency], [
            Complete(0, pruner.Score([0.9, 0.1]), [0.9, 0.1]),
            Complete(1, pruner.Score([0.5, 0.1]), [0.5, 0.1]),
        ]);
        var good = Running(2, pruner.Score([0.7, 0.05]));  // 0.65
        var bad = Running(3, pruner.Score([0.9, 0.4]));    // 0.5: accurate but slow

        Assert.False(pruner.Prune(study.WithTrial(good), good));
        Assert.True(pruner.Prune(study.WithTrial(bad), bad));
    }

    static FrozenTrial Complete(int number, double score, double[] values) =>
        FrozenTrial.CreateRunning(number).WithIntermediate(1, score) with { State = TrialState.Complete, Values = [.. values] };

    static FrozenTrial Running(int number, double score) => FrozenTrial.CreateRunning(number).WithIntermediate(1, score);
}
