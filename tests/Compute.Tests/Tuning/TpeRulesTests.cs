using System.Collections.Immutable;
using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.Samplers;
using BigDL.Compute.Tuning.Samplers.Tpe;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>TPE's split, weights and bandwidths against figures computed by hand and checked with Optuna 3.1's _ParzenEstimator.</summary>
public class TpeRulesTests
{
    const double Tol = 1e-6;

    [Fact]
    public void Gamma_is_ten_percent_rounded_up_and_capped_at_25()
    {
        Assert.Equal(1, TpeOptions.DefaultGamma(10));
        Assert.Equal(2, TpeOptions.DefaultGamma(11));
        Assert.Equal(10, TpeOptions.DefaultGamma(100));
        Assert.Equal(25, TpeOptions.DefaultGamma(1000));
    }

    [Fact]
    public void Weights_ramp_up_linearly_for_all_but_the_newest_25()
    {
        Assert.All(TpeOptions.DefaultWeights(24), w => Assert.Equal(1.0, w));
        var w30 = TpeOptions.DefaultWeights(30);
        // numpy.linspace(1/30, 1, 5) = 0.0333, 0.275, 0.5167, 0.7583, 1
        Assert.Equal([0.0333333333, 0.275, 0.5166666667, 0.7583333333, 1.0], w30.Take(5).Select(x => Math.Round(x, 10)));
        Assert.All(w30.Skip(5), x => Assert.Equal(1.0, x));
    }

    [Fact]
    public void Univariate_bandwidth_is_the_larger_neighbour_gap_clipped_by_the_magic_clip()
    {
        // Observations 2, -1, 0.5, 3 in [-5, 5] plus the prior at 0: sorted -1, 0, 0.5, 2, 3 with ends -5 and 5.
        // Neighbour gaps (ends replaced by the inner gap): 1, 1, 1.5, 1.5, 1; every one is below the clip
        // 10 / min(100, 1 + 5 kernels) = 1.667, so all observations get 1.667 and the prior gets the range, 10.
        var pe = Fit(new FloatDistribution(-5, 5), [2.0, -1.0, 0.5, 3.0]);
        Assert.Equal([2.0, -1.0, 0.5, 3.0, 0.0], pe.Mus(0));
        Assert.All(pe.Sigmas(0).Take(4), s => Assert.Equal(10.0 / 6, s, Tol));
        Assert.Equal(10.0, pe.Sigmas(0)[4], Tol);
        Assert.All(pe.Weights, w => Assert.Equal(0.2, w, Tol));
    }

    [Fact]
    public void Wide_gaps_set_the_bandwidth_when_they_exceed_the_clip()
    {
        // Observations 0 and 9 in [0, 10] plus the prior at 5: sorted 0, 5, 9 with ends 0 and 10.
        // Gaps: 0 -> inner gap 5; 5 -> max(5, 4) = 5; 9 -> inner gap 4. Clip: 10 / min(100, 4) = 2.5 (no effect).
        var pe = Fit(new FloatDistribution(0, 10), [0.0, 9.0]);
        Assert.Equal(5.0, pe.Sigmas(0)[0], Tol);
        Assert.Equal(4.0, pe.Sigmas(0)[1], Tol);
        Assert.Equal(10.0, pe.Sigmas(0)[2], Tol);
    }

    [Fact]
    public void Int_ranges_widen_by_half_a_step_and_log_ranges_work_in_log_space()
    {
        // Optuna: int [0, 10] becomes [-0.5, 10.5]; mus 1, 4, prior 5; sigmas 3, 3, 11.
        var pe = Fit(new IntDistribution(0, 10), [1.0, 4.0]);
        Assert.Equal([1.0, 4.0, 5.0], pe.Mus(0));
        Assert.Equal([3.0, 3.0, 11.0], pe.Sigmas(0).Select(s => Math.Round(s, 9)));

        // Optuna: log [1e-4, 1] with 1e-3, 1e-2: mus ln 1e-3, ln 1e-2, prior ln 1e-2; sigmas 2.3026, 2.3026, 9.2103.
        var log = Fit(new FloatDistribution(1e-4, 1, log: true), [1e-3, 1e-2]);
        Assert.Equal(Math.Log(1e-3), log.Mus(0)[0], Tol);
        Assert.Equal(2.302585093, log.Sigmas(0)[0], Tol);
        Assert.Equal(2.302585093, log.Sigmas(0)[1], Tol);
        Assert.Equal(9.210340372, log.Sigmas(0)[2], Tol);
    }

    [Fact]
    public void Categorical_kernels_spread_the_prior_weight_over_every_choice()
    {
        // Optuna: observations a, c, c with prior weight 1 over 4 kernels: 0.25 per choice plus 1 on the observed one.
        var pe = Fit(new CategoricalDistribution(["a", "b", "c"]), [0.0, 2.0, 2.0]);
        var w = pe.CategoricalWeights(0);
        Assert.Equal([0.7142857, 0.1428571, 0.1428571], w[0].Select(x => Math.Round(x, 7)));
        Assert.Equal([0.1428571, 0.1428571, 0.7142857], w[2].Select(x => Math.Round(x, 7)));
        Assert.Equal([0.3333333, 0.3333333, 0.3333333], w[3].Select(x => Math.Round(x, 7)));
        var lp = pe.LogPdf([[0.0, 1.0, 2.0]]);
        Assert.Equal([-1.09861229, -1.65822808, -0.74193734], lp.Select(x => Math.Round(x, 8)));
    }

    [Fact]
    public void Normalized_log_density_is_the_true_truncated_mixture()
    {
        // Hand-computed: sum of 0.2 * N(x; mu, sigma) / (Phi(b) - Phi(a)) over the five kernels.
        var pe = new ParzenEstimator([("p", new FloatDistribution(-5, 5))], [[2.0, -1.0, 0.5, 3.0]], new TpeOptions { NormalizeKernels = true });
        var lp = pe.LogPdf([[0.0, 2.5, -4.9]]);
        Assert.Equal([-1.95202936, -1.90984482, -3.82281266], lp.Select(x => Math.Round(x, 8)));
    }

    [Fact]
    public void Log_density_matches_optunas_truncated_mixture()
    {
        var pe = Fit(new FloatDistribution(-5, 5), [2.0, -1.0, 0.5, 3.0]);
        var lp = pe.LogPdf([[0.0, 2.5, -4.9]]);
        Assert.Equal([-0.89091324, -0.87915193, -1.65842218], lp.Select(x => Math.Round(x, 8)));
    }

    [Fact]
    public void Split_puts_complete_before_pruned_ranks_pruned_by_step_and_running_last()
    {
        // Optuna's _split_observation_pairs on these seven trials with n_below = 3 gives below {0, 1, 3}.
        var trials = new[]
        {
            Complete(0, 3.0), Complete(1, 1.0), Pruned(2, (2, 0.5)), Complete(3, 2.0), Pruned(4, (5, 9.0)), Running(5), Pruned(6),
        };
        var study = new StudySnapshot([StudyDirection.Minimize], [.. trials]);
        var (below, above) = ObservationSplit.Split(study, trials, 3);
        Assert.Equal([0, 1, 3], below);
        Assert.Equal([2, 4, 5, 6], above);

        // With 4 below, the pruned trial that reached step 5 outranks the one that stopped at step 2.
        Assert.Equal([0, 1, 3, 4], ObservationSplit.Split(study, trials, 4).Below);
    }

    [Fact]
    public void Observation_weights_ramp_up_in_time_order_past_25_and_are_normalized_with_the_prior()
    {
        // Optuna's _ParzenEstimator over 30 observations: linspace(1/30, 1, 5), then 25 ones, then the prior's 1;
        // the sum is 2.5833 + 25 + 1 = 28.5833, so the oldest weighs (1/30) / 28.5833 = 0.0011662 and a recent one 0.0349854.
        var pe = Fit(new FloatDistribution(0, 10), [.. Enumerable.Range(0, 30).Select(i => 0.1 * i)]);
        Assert.Equal(31, pe.Weights.Length);
        Assert.Equal([0.00116618, 0.00962099, 0.0180758, 0.02653061, 0.03498542], pe.Weights.Take(5).Select(w => Math.Round(w, 8)));
        Assert.All(pe.Weights.Skip(5), w => Assert.Equal(1 / 28.5833333333, w, 1e-9));
    }

    [Fact]
    public void Split_breaks_ties_by_trial_number()
    {
        // Values 1, 0, 1, 0, 1 with n_below = 3: both zeros, then the earliest of the ones (Optuna's stable argsort).
        var trials = new[] { Complete(0, 1), Complete(1, 0), Complete(2, 1), Complete(3, 0), Complete(4, 1) };
        var (below, above) = ObservationSplit.Split(new StudySnapshot([StudyDirection.Minimize], [.. trials]), trials, 3);
        Assert.Equal([0, 1, 3], below);
        Assert.Equal([2, 4], above);
    }

    [Fact]
    public void Multivariate_bandwidth_is_scotts_rule_times_the_range_then_magic_clipped()
    {
        // 40 observations of 2 parameters: 0.2 * 40^(-1/6) = 0.10815 of the range, above the clip range / min(100, 41).
        var options = new TpeOptions { Multivariate = true };
        var space = new List<(string, Distribution)> { ("a", new FloatDistribution(0, 10)), ("b", new FloatDistribution(0, 100)) };
        var many = new ParzenEstimator(space, [[.. Enumerable.Range(0, 40).Select(i => i / 4.0)], [.. Enumerable.Range(0, 40).Select(i => (double)i)]], options);
        Assert.Equal(1.081483747, many.Sigmas(0)[0], Tol);
        Assert.Equal(10.81483747, many.Sigmas(1)[39], Tol);
        Assert.Equal(10.0, many.Sigmas(0)[40], Tol);

        // 4 observations: Scott's rule gives 0.2 * 4^(-1/6) = 0.1587 of the range, under the clip 1 / min(100, 5 kernels) = 0.2.
        var few = new ParzenEstimator(space, [[1.0, 2, 3, 4], [0.0, 0, 1, 1]], options);
        Assert.All(few.Sigmas(0).Take(4), s => Assert.Equal(10.0 / 6, s, Tol));
        Assert.All(few.Sigmas(1).Take(4), s => Assert.Equal(100.0 / 6, s, Tol));
    }

    [Fact]
    public void Startup_trials_are_random_until_ten_have_finished()
    {
        // Optuna's n_startup_trials: with 9 finished trials TPE defers to its random sampler, whose numpy stream has
        // given one draw to each earlier trial; with 10 it models them instead.
        var x = new FloatDistribution(0, 1);
        var history = Enumerable.Range(0, 10).Select(i => Complete(i, i).WithParam("x", x, 0.1 * i)).ToArray();
        var tpe = new TpeSampler(3);
        var nine = new StudySnapshot([StudyDirection.Minimize], [.. history.Take(9), FrozenTrial.CreateRunning(9)]);
        Assert.Equal(RandomDraw(3, 9), tpe.SampleIndependent(nine, nine.Trials[9], "x", x));
        var ten = new StudySnapshot([StudyDirection.Minimize], [.. history, FrozenTrial.CreateRunning(10)]);
        Assert.NotEqual(RandomDraw(3, 10), tpe.SampleIndependent(ten, ten.Trials[10], "x", x));
    }

    [Fact]
    public void Truncated_normal_draws_stay_inside_and_centre_where_expected()
    {
        var rng = new TuningRandom(1, 1, "t");
        var xs = Enumerable.Range(0, 20000).Select(_ => TruncatedNormal.Sample(rng, 0, 1, -5, 5)).ToArray();
        Assert.All(xs, x => Assert.InRange(x, -5, 5));
        Assert.InRange(xs.Average(), -0.03, 0.03);
        Assert.InRange(Math.Sqrt(xs.Select(x => x * x).Average()), 0.97, 1.03);
        var tail = Enumerable.Range(0, 2000).Select(_ => TruncatedNormal.Sample(rng, 0, 1, 4, 6)).ToArray();
        Assert.All(tail, x => Assert.InRange(x, 4, 6));
        Assert.InRange(tail.Average(), 4.1, 4.4); // mean of N(0,1) on [4, 6] is about 4.23
    }

    static double RandomDraw(uint seed, int skipped)
    {
        var rng = new NumpyRandomState(seed);
        rng.Skip(skipped);
        return rng.RandomSample();
    }

    static ParzenEstimator Fit(Distribution d, double[] obs) =>
        new([("p", d)], [obs], new TpeOptions());

    static FrozenTrial Complete(int n, double v) => FrozenTrial.CreateRunning(n) with { State = TrialState.Complete, Values = [v] };

    static FrozenTrial Running(int n) => FrozenTrial.CreateRunning(n);

    static FrozenTrial Pruned(int n, params (int Step, double Value)[] reports) =>
        FrozenTrial.CreateRunning(n) with
        {
            State = TrialState.Pruned,
            IntermediateValues = reports.ToImmutableSortedDictionary(r => r.Step, r => r.Value),
        };
}
