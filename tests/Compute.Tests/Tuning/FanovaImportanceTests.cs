using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.Importance;
using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>fANOVA on synthetic objectives whose importances are known.</summary>
public class FanovaImportanceTests
{
    static readonly FanovaImportanceEvaluator Evaluator = new(seed: 1);

    static StudySnapshot RandomStudy(int trials, Func<Trial, double> objective, long seed = 5)
    {
        var study = Study.Create(sampler: new RandomSampler(seed));
        study.Optimize(objective, trials);
        return study.Snapshot;
    }

    static double Of(IReadOnlyList<ParamImportance> importances, string name) => importances.Single(p => p.Name == name).Importance;

    [Fact]
    public void A_parameter_with_a_hundred_times_the_slope_takes_nearly_all_the_importance()
    {
        var study = RandomStudy(100, t => (10 * t.SuggestFloat("x", 0, 1)) + (0.1 * t.SuggestFloat("y", 0, 1)));

        var importance = Evaluator.Evaluate(study);

        Assert.Equal(["x", "y"], importance.Select(p => p.Name));
        Assert.True(Of(importance, "x") > 0.95, $"x: {Of(importance, "x")}");
        Assert.True(Of(importance, "y") < 0.02, $"y: {Of(importance, "y")}");
        Assert.Equal(1, importance.Sum(p => p.Importance), 9);
    }

    [Fact]
    public void An_irrelevant_parameter_gets_almost_nothing()
    {
        var study = RandomStudy(120, t =>
        {
            var x = t.SuggestFloat("x", -2, 2);
            var n = t.SuggestInt("n", 1, 8);
            t.SuggestFloat("unused", 0, 100);
            return (x * x) + n;
        });

        var importance = Evaluator.Evaluate(study);

        Assert.True(Of(importance, "unused") < 0.03, $"unused: {Of(importance, "unused")}");
        Assert.True(Of(importance, "x") + Of(importance, "n") > 0.97);
    }

    [Fact]
    public void Additive_steps_split_the_variance_exactly_as_their_own_variances()
    {
        // f = g(x) + h(y) with g in {0, 2} and h in {0, 1}, each half the time: Var g = 1, Var h = 0.25, so fANOVA gives
        // x 1 / 1.25 = 0.8 and y 0.2. Points sit at 0.1, 0.3, 0.7, 0.9 on each axis, so every tree cuts at 0.5 exactly.
        var space = new FloatDistribution(0, 1);
        var grid = new[] { 0.1, 0.3, 0.7, 0.9 };
        var trials = new List<FrozenTrial>();
        foreach (var x in grid)
        {
            foreach (var y in grid)
            {
                for (var copy = 0; copy < 4; copy++)
                {
                    var value = (x > 0.5 ? 2 : 0) + (y > 0.5 ? 1 : 0);
                    trials.Add(FrozenTrial.CreateComplete(trials.Count, new Dictionary<string, (Distribution, object?)> { ["x"] = (space, x), ["y"] = (space, y) }, value));
                }
            }
        }

        var importance = Evaluator.Evaluate(new StudySnapshot([StudyDirection.Minimize], [.. trials]));

        Assert.Equal(0.8, Of(importance, "x"), 9);
        Assert.Equal(0.2, Of(importance, "y"), 9);
    }

    [Fact]
    public void A_categorical_parameter_that_shifts_the_objective_dominates()
    {
        var shift = new Dictionary<string, double> { ["adam"] = 0, ["sgd"] = 5, ["rmsprop"] = 10 };
        var study = RandomStudy(90, t => shift[t.SuggestCategorical("optimizer", ["adam", "sgd", "rmsprop"])] + (0.1 * t.SuggestFloat("x", 0, 1)));

        var importance = Evaluator.Evaluate(study);

        Assert.Equal("optimizer", importance[0].Name);
        Assert.True(Of(importance, "optimizer") > 0.95, $"optimizer: {Of(importance, "optimizer")}");
    }

    [Fact]
    public void A_log_scale_parameter_is_rated_in_its_sampling_scale()
    {
        // Linear in log10(lr): over its log range lr explains nearly everything, though 90% of its linear range is flat.
        var study = RandomStudy(100, t => Math.Log10(t.SuggestFloat("lr", 1e-5, 1, log: true)) + (0.05 * t.SuggestFloat("y", 0, 1)));

        var importance = Evaluator.Evaluate(study);

        Assert.True(Of(importance, "lr") > 0.97, $"lr: {Of(importance, "lr")}");
    }

    [Fact]
    public void A_conditional_parameter_is_rated_beside_its_parent()
    {
        // depth exists only when model is "tree" and drives the objective there; noise never matters.
        var study = RandomStudy(150, t =>
        {
            var model = t.SuggestCategorical("model", ["linear", "tree"]);
            t.SuggestFloat("noise", 0, 1);
            return model == "tree" ? 3 + (4 * t.SuggestInt("depth", 1, 10)) : 20;
        });

        var importance = Evaluator.Evaluate(study);

        Assert.Equal(["depth", "model", "noise"], importance.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(Of(importance, "depth") > 0.3, $"depth: {Of(importance, "depth")}");
        Assert.True(Of(importance, "model") > 0.1, $"model: {Of(importance, "model")}");
        Assert.True(Of(importance, "noise") < 0.05, $"noise: {Of(importance, "noise")}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_importances_and_another_seed_close_ones()
    {
        var study = RandomStudy(60, t => (3 * t.SuggestFloat("x", 0, 1)) + t.SuggestFloat("y", 0, 1));

        var a = Evaluator.Evaluate(study);
        var b = new FanovaImportanceEvaluator(seed: 1).Evaluate(study);
        var c = new FanovaImportanceEvaluator(seed: 2).Evaluate(study);

        Assert.Equal(a, b);
        Assert.Equal(Of(a, "x"), Of(c, "x"), 1);
    }

    [Fact]
    public void A_target_picks_which_objective_to_explain()
    {
        var study = Study.Create([StudyDirection.Minimize, StudyDirection.Minimize], new RandomSampler(3));
        for (var i = 0; i < 80; i++)
        {
            var t = study.Ask();
            var (x, y) = (t.SuggestFloat("x", 0, 1), t.SuggestFloat("y", 0, 1));
            study.Tell(t, [x, 5 * y]);
        }

        var first = Evaluator.Evaluate(study.Snapshot);
        var second = Evaluator.Evaluate(study.Snapshot, t => t.Values[1]);

        Assert.Equal("x", first[0].Name);
        Assert.Equal("y", second[0].Name);
    }

    [Fact]
    public void A_constant_objective_rates_every_parameter_zero_and_fewer_than_two_trials_rate_nothing()
    {
        var flat = RandomStudy(20, t => t.SuggestFloat("x", 0, 1) * 0);
        var one = RandomStudy(1, t => t.SuggestFloat("x", 0, 1));

        Assert.All(Evaluator.Evaluate(flat), p => Assert.Equal(0, p.Importance));
        Assert.Empty(Evaluator.Evaluate(one));
    }
}
