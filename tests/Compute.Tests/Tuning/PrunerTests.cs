using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Pruners;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>Pruners on scripted learning curves: which step each trial is stopped at.</summary>
public class PrunerTests
{
    [Fact]
    public void Asha_promotes_the_top_half_at_rungs_1_2_4_and_8()
    {
        // minimize, min_resource 1, reduction factor 2: rungs at steps 1, 2, 4, 8; curve[s] is the value at step s.
        var study = Study.Create(pruner: new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2));
        Assert.Null(RunCurve(study, [5, 5, 4, 4, 3, 3, 3, 3, 2])); // alone at every rung: promoted
        Assert.Equal(1, RunCurve(study, [6, 6, 1, 1]));             // rung 0 holds {5, 6}: 6 is not in the top half
        Assert.Null(RunCurve(study, [1, 1, 1, 1, 1, 1, 1, 1, 1]));  // best at every rung
        // Rung 0 {5, 6, 1, 4}: the top two (1, 4) pass; rung 1 {4, 1, 3.5}: only the best passes, so pruned at step 2.
        Assert.Equal(2, RunCurve(study, [4, 4, 3.5, 1]));
        // Steps between rungs are never judged: the jump at step 3 is only caught at rung 2, step 4.
        Assert.Equal(4, RunCurve(study, [0.5, 0.5, 0.5, 100, 100]));
    }

    [Fact]
    public void Asha_min_early_stopping_rate_moves_the_first_rung()
    {
        var study = Study.Create(pruner: new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 1));
        Assert.Null(RunCurve(study, [1, 1, 1, 1]));
        // The first rung is at step 3: a poor trial survives steps 0-2 and is stopped at 3.
        Assert.Equal(3, RunCurve(study, [9, 9, 9, 9, 9]));
    }

    [Fact]
    public void Hyperband_assigns_brackets_by_budget_and_prunes_each_at_its_own_rungs()
    {
        var pruner = new HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3);
        Assert.Equal(3, pruner.BracketCount(9));
        var brackets = Enumerable.Range(0, 1700).Select(n => pruner.BracketOf(n, 9)).ToArray();
        // Budgets ceil(3*9/3)=9, ceil(3*3/2)=5, ceil(3*1/1)=3 of 17.
        Assert.InRange(brackets.Count(b => b == 0), 800, 1000);
        Assert.InRange(brackets.Count(b => b == 1), 400, 600);
        Assert.InRange(brackets.Count(b => b == 2), 220, 380);

        var study = Study.Create(pruner: pruner);
        var pruneSteps = new Dictionary<int, int?>();
        for (var i = 0; i < 12; i++)
        {
            // Trials with even numbers are good, odd ones bad; each bracket judges only among its own trials.
            var good = i % 2 == 0;
            var bracket = pruner.BracketOf(i, 9);
            pruneSteps[i] = RunCurve(study, [.. Enumerable.Repeat(good ? 1.0 + (i * 0.01) : 50.0 + i, 10)]);
            var step = pruneSteps[i];
            var firstRung = (int)Math.Pow(3, bracket);
            Assert.True(step is null || step == firstRung || step == 3 * firstRung || step == 9, $"trial {i} in bracket {bracket} pruned at {step}");
            if (good)
            {
                Assert.True(step is null || step >= firstRung, $"trial {i}");
            }
        }

        Assert.Contains(pruneSteps.Values, s => s is not null);
    }

    [Fact]
    public void Median_pruner_stops_a_trial_worse_than_the_median_after_start_up()
    {
        var study = Study.Create(pruner: new MedianPruner(nStartupTrials: 3, nWarmupSteps: 1));
        Assert.Null(RunCurve(study, [1, 1, 1]));
        Assert.Null(RunCurve(study, [2, 2, 2]));
        Assert.Null(RunCurve(study, [100, 100, 100])); // only two complete before it: still start-up
        Assert.Equal(1, RunCurve(study, [50, 50, 50])); // median at step 1 is 2; warm-up spared step 0
        Assert.Null(RunCurve(study, [1.5, 1.5, 1.5]));
    }

    [Fact]
    public void Percentile_pruner_interpolates_like_numpy_and_respects_direction()
    {
        Assert.Equal(2.5, PercentilePruner.Quantile([1, 2, 3, 4], 0.5));
        Assert.Equal(3.25, PercentilePruner.Quantile([1, 2, 3, 4], 0.75));
        var study = Study.Create(StudyDirection.Maximize, pruner: new PercentilePruner(25, nStartupTrials: 2));
        Assert.Null(RunCurve(study, [1, 1]));
        Assert.Null(RunCurve(study, [4, 4]));
        // Maximizing, the 25th percentile keeps trials above the 75th percentile of peers (3.25): 3 is pruned, 3.5 not.
        Assert.Equal(0, RunCurve(study, [3, 3]));
        Assert.Null(RunCurve(study, [3.5, 3.5]));
    }

    [Fact]
    public void Threshold_pruner_stops_on_nan_or_a_bound()
    {
        var study = Study.Create(pruner: new ThresholdPruner(upper: 10));
        Assert.Null(RunCurve(study, [5, 9, 10]));
        Assert.Equal(1, RunCurve(study, [5, 11]));
        Assert.Equal(2, RunCurve(study, [5, 4, double.NaN]));
        Assert.Throws<ArgumentException>(() => new ThresholdPruner());
    }

    /// <summary>Reports the curve step by step, asking the pruner after each; returns the step it was pruned at, or null.</summary>
    static int? RunCurve(Study study, double[] curve)
    {
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        for (var step = 0; step < curve.Length; step++)
        {
            trial.Report(curve[step], step);
            if (trial.ShouldPrune())
            {
                study.Tell(trial, TrialState.Pruned);
                return step;
            }
        }

        study.Tell(trial, curve[^1]);
        return null;
    }

}
