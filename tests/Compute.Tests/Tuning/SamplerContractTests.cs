using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>The contract every sampler keeps (after Optuna's pytest_samplers): ranges, grids, conditions, determinism, odd histories.</summary>
public class SamplerContractTests
{
    public static TheoryData<string> Samplers => ["random", "qmc", "tpe", "tpe-multivariate", "gp", "nsga2", "auto"];

    static readonly string[] Optimizers = ["adam", "sgd", "rmsprop"];

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Every_parameter_stays_inside_its_range_and_grid(string sampler)
    {
        var study = Run(sampler, seed: 3, trials: 30);
        foreach (var t in study.Trials)
        {
            foreach (var (name, value) in t.InternalParams)
            {
                Assert.True(t.Distributions[name].Contains(value), $"{sampler}: {name}={value} outside {t.Distributions[name]}");
            }

            var p = t.Params;
            Assert.InRange((double)p["x"]!, -3, 7);
            Assert.InRange((double)p["lr"]!, 1e-5, 1e-1);
            var q = (double)p["q"]!;
            Assert.Equal(0, Math.Round((q - 0.1) / 0.25, 9) % 1);
            Assert.InRange((long)p["units"]!, 1, 1000);
            var layers = (long)p["layers"]!;
            Assert.True(layers is 2 or 5 or 8 or 11, $"layers={layers}");
            Assert.Contains((string)p["optimizer"]!, Optimizers);
        }
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Conditional_parameters_appear_only_under_their_parent_choice(string sampler)
    {
        var study = Run(sampler, seed: 5, trials: 30);
        foreach (var t in study.Trials)
        {
            Assert.Equal((string)t.Params["optimizer"]! == "sgd", t.Params.ContainsKey("momentum"));
        }

        Assert.Contains(study.Trials, t => t.Params.ContainsKey("momentum"));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void The_same_seed_and_history_give_the_same_trials(string sampler)
    {
        var a = Run(sampler, seed: 11, trials: 20);
        var b = Run(sampler, seed: 11, trials: 20);
        var c = Run(sampler, seed: 12, trials: 20);
        Assert.Equal(a.Trials.Select(t => t.InternalParams.OrderBy(kv => kv.Key).ToList()), b.Trials.Select(t => t.InternalParams.OrderBy(kv => kv.Key).ToList()));
        Assert.NotEqual(a.Trials.Select(t => t.InternalParams["x"]), c.Trials.Select(t => t.InternalParams["x"]));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Failed_and_pruned_trials_are_tolerated(string sampler)
    {
        var study = Study.Create(sampler: SamplerFactory.Create(sampler, 7));
        for (var i = 0; i < 24; i++)
        {
            var trial = study.Ask();
            var x = trial.SuggestFloat("x", -3, 7);
            var y = trial.SuggestInt("y", 0, 5);
            switch (i % 4)
            {
                case 1:
                    study.Tell(trial, double.NaN); // a NaN objective fails the trial
                    break;
                case 2:
                    trial.Report(x * x, 0);
                    study.Tell(trial, TrialState.Pruned);
                    break;
                case 3:
                    study.Tell(trial, TrialState.Pruned); // pruned before any report
                    break;
                default:
                    study.Tell(trial, (x * x) + y);
                    break;
            }
        }

        Assert.Equal(6, study.Trials.Count(t => t.State == TrialState.Fail));
        Assert.Equal(12, study.Trials.Count(t => t.State == TrialState.Pruned));
        Assert.All(study.Trials, t => Assert.InRange(t.InternalParams["x"], -3, 7));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void A_first_trial_samples_from_an_empty_history(string sampler)
    {
        var s = SamplerFactory.Create(sampler, 1);
        var study = new StudySnapshot([StudyDirection.Minimize], [FrozenTrial.CreateRunning(0)]);
        var d = new FloatDistribution(0, 1);
        var trial = study.Trials[0];
        Assert.Empty(s.SampleRelative(study, trial, s.InferRelativeSearchSpace(study, trial)));
        Assert.InRange(s.SampleIndependent(study, trial, "a", d), 0, 1);
    }

    [Fact]
    public void Grid_sampler_visits_every_point_once_before_repeating()
    {
        var grid = new GridSampler(new Dictionary<string, IReadOnlyList<object?>> { ["a"] = [1L, 2L, 3L], ["b"] = ["u", "v"] }, seed: 4);
        var study = Study.Create(sampler: grid);
        study.Optimize(t => t.SuggestInt("a", 1, 3) + (t.SuggestCategorical("b", new[] { "u", "v" }) == "u" ? 0 : 10), 6);
        var points = study.Trials.Select(t => $"{t.Params["a"]}{t.Params["b"]}").ToList();
        Assert.Equal(6, points.Distinct().Count());
    }

    [Fact]
    public void Qmc_points_fill_the_unit_square_evenly()
    {
        var qmc = new QmcSampler(seed: 2);
        // Each quarter of [0, 1] gets 16 of the first 64 Halton points (a random shift keeps that up to one point).
        var counts = new int[4];
        for (var i = 0; i < 64; i++)
        {
            counts[(int)(qmc.Point(i, 0) * 4)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 15, 17));
    }

    static Study Run(string sampler, long seed, int trials)
    {
        var study = Study.Create(sampler: SamplerFactory.Create(sampler, seed));
        study.Optimize(Objective, trials);
        return study;
    }

    static double Objective(Trial t)
    {
        var x = t.SuggestFloat("x", -3, 7);
        var lr = t.SuggestFloat("lr", 1e-5, 1e-1, log: true);
        var q = t.SuggestFloat("q", 0.1, 1.2, step: 0.25);
        var units = t.SuggestInt("units", 1, 1000, log: true);
        var layers = t.SuggestInt("layers", 2, 12, step: 3);
        var optimizer = t.SuggestCategorical("optimizer", Optimizers);
        var momentum = optimizer == "sgd" ? t.SuggestFloat("momentum", 0, 0.99) : 0;
        return ((x - 1) * (x - 1)) + Math.Abs(Math.Log10(lr) + 3) + q + (Math.Log(units) / 10) + layers + momentum + (optimizer == "adam" ? 0 : 1);
    }
}
