using BigDL.Orleans.Compute.Tuning;
using BigDL.Orleans.Compute.Tuning.Samplers.Tpe;

namespace BigDL.Orleans.Compute.Tests.Tuning;

/// <summary>Parallel workers: running trials count as bad under constant liar, so concurrent proposals spread out.</summary>
public class ConstantLiarTests
{
    [Fact]
    public void Parallel_tpe_with_constant_liar_proposes_no_duplicate_points_across_8_concurrent_trials()
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

    static double Objective(double x, long n) => ((x - 1) * (x - 1)) + Math.Abs(n - 7);
}
