using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Samplers.Tpe;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>Parallel workers: running trials count as bad under constant liar, so concurrent proposals spread out.</summary>
public class ConstantLiarTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Parallel_tpe_with_constant_liar_proposes_no_duplicate_points_across_8_concurrent_trials(int seed)
    {
        // A 21 x 21 integer grid after 20 trials: without the liar, workers that start before any of them finishes
        // pile onto the same few good points (see the next test); with it, each running trial counts as bad.
        Assert.Equal(8, ConcurrentPoints(seed, constantLiar: true).Distinct().Count());
    }

    [Fact]
    public void Gp_counts_running_trials_as_bad_so_concurrent_trials_spread_out()
    {
        var study = Study.Create(sampler: new BigDL.Compute.Tuning.Samplers.Gp.GpSampler(seed: 2));
        study.Optimize(t => Math.Abs(t.SuggestInt("x", 0, 20) - 7) + Math.Abs(t.SuggestInt("y", 0, 20) - 3), 15);
        var points = new List<(long, long)>();
        for (var i = 0; i < 8; i++)
        {
            var t = study.Ask();
            points.Add((t.SuggestInt("x", 0, 20), t.SuggestInt("y", 0, 20)));
        }

        Assert.Equal(8, points.Distinct().Count());
    }

    [Fact]
    public void Without_constant_liar_concurrent_trials_collide_on_a_small_grid()
    {
        var duplicates = Enumerable.Range(0, 4).Sum(seed => 8 - ConcurrentPoints(seed, constantLiar: false).Distinct().Count());
        Assert.True(duplicates > 0);
    }

    [Fact]
    public void Eight_trials_asked_from_parallel_threads_get_distinct_points()
    {
        var study = Study.Create(sampler: new TpeSampler(seed: 1, new TpeOptions { ConstantLiar = true }));
        study.Optimize(t => Objective(t.SuggestFloat("x", -5, 5), t.SuggestInt("n", 0, 20)), 20);

        var trials = Enumerable.Range(0, 8).Select(_ => study.Ask()).ToArray();
        var points = new (double X, long N)[8];
        Parallel.For(0, 8, i => points[i] = (trials[i].SuggestFloat("x", -5, 5), trials[i].SuggestInt("n", 0, 20)));

        Assert.Equal(8, points.Distinct().Count());
        Assert.Equal(8, study.Trials.Count(t => t.State == TrialState.Running));
    }

    [Fact]
    public void Running_trials_join_the_bad_group_only_with_constant_liar()
    {
        var study = Study.Create();
        study.Optimize(t => t.SuggestFloat("x", 0, 1), 12);
        var running = study.Ask();
        running.SuggestFloat("x", 0, 1);
        var snapshot = study.Snapshot;

        var (withLiar, finishedWithLiar) = ObservationSplit.Observed(snapshot, constantLiar: true);
        var (without, finished) = ObservationSplit.Observed(snapshot, constantLiar: false);
        Assert.Equal(13, withLiar.Count);
        Assert.Equal(12, without.Count);
        Assert.Equal(12, finishedWithLiar);
        Assert.Equal(12, finished);
        var (_, above) = ObservationSplit.Split(snapshot, withLiar, TpeOptions.DefaultGamma(12));
        Assert.Contains(12, above);
    }

    static List<(long X, long Y)> ConcurrentPoints(int seed, bool constantLiar)
    {
        var study = Study.Create(sampler: new TpeSampler(seed, new TpeOptions { ConstantLiar = constantLiar }));
        study.Optimize(t => Math.Abs(t.SuggestInt("x", 0, 20) - 7) + Math.Abs(t.SuggestInt("y", 0, 20) - 3), 20);
        var points = new List<(long, long)>();
        for (var i = 0; i < 8; i++)
        {
            // Eight workers each start a trial; none finishes before the last one has its parameters.
            var t = study.Ask();
            points.Add((t.SuggestInt("x", 0, 20), t.SuggestInt("y", 0, 20)));
        }

        Assert.Equal(8, study.Trials.Count(t => t.State == TrialState.Running));
        return points;
    }

    static double Objective(double x, long n) => ((x - 1) * (x - 1)) + Math.Abs(n - 7);
}
