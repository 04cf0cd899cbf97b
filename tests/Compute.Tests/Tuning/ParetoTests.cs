using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.MultiObjective;
using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>Pareto dominance, non-dominated sorting and multi-objective studies.</summary>
public class ParetoTests
{
    static readonly StudyDirection[] MinMin = [StudyDirection.Minimize, StudyDirection.Minimize];

    [Fact]
    public void Non_dominated_sort_ranks_points_front_by_front()
    {
        double[][] points = [[1, 5], [2, 2], [5, 1], [3, 3], [4, 4], [6, 6], [2, 6]];
        Assert.Equal([0, 0, 0, 1, 2, 3, 1], Pareto.NonDominatedRanks(points, MinMin));
    }

    [Fact]
    public void Dominance_follows_each_objectives_direction()
    {
        StudyDirection[] minMax = [StudyDirection.Minimize, StudyDirection.Maximize];
        Assert.True(Pareto.Dominates([1, 5], [2, 4], minMax));
        Assert.False(Pareto.Dominates([1, 5], [2, 4], MinMin));
        Assert.False(Pareto.Dominates([1, 1], [1, 1], MinMin));
    }

    [Fact]
    public void Nsga2_moves_its_population_toward_the_front()
    {
        // ZDT1-like: f1 = x0, f2 = g (1 - sqrt(x0 / g)) with g = 1 + 9 mean(x1..x3); the front has x1..x3 = 0.
        static double[] Zdt(Trial t)
        {
            var x0 = t.SuggestFloat("x0", 0, 1);
            var g = 1 + (9 * Enumerable.Range(1, 3).Select(i => t.SuggestFloat($"x{i}", 0, 1)).Average());
            return [x0, g * (1 - Math.Sqrt(x0 / g))];
        }

        var study = Study.Create(MinMin, new NsgaIISampler(1, populationSize: 20));
        for (var i = 0; i < 200; i++)
        {
            var t = study.Ask();
            study.Tell(t, Zdt(t));
        }

        double MeanRest(IEnumerable<FrozenTrial> ts) => ts.Average(t => t.InternalParams["x1"] + t.InternalParams["x2"] + t.InternalParams["x3"]);
        Assert.True(MeanRest(study.Trials.Skip(180)) < 0.5 * MeanRest(study.Trials.Take(20)));
    }

    [Fact]
    public void Crowding_distance_is_infinite_at_the_extremes()
    {
        var d = Pareto.CrowdingDistance([[0, 4], [1, 2], [4, 0]]);
        Assert.True(double.IsPositiveInfinity(d[0]));
        Assert.True(double.IsPositiveInfinity(d[2]));
        Assert.Equal(2.0, d[1], 9); // (4 - 0) / 4 + (4 - 0) / 4
    }

    [Theory]
    [InlineData("random")]
    [InlineData("tpe")]
    [InlineData("nsga2")]
    public void A_two_objective_study_returns_its_pareto_front(string sampler)
    {
        var s = SamplerFactory.Create(sampler, 2);
        var study = Study.Create(MinMin, s);
        for (var i = 0; i < 40; i++)
        {
            var t = study.Ask();
            var x = t.SuggestFloat("x", 0, 1);
            study.Tell(t, [x * x, (x - 1) * (x - 1)]);
        }

        var front = study.BestTrials;
        Assert.NotEmpty(front);
        // On this problem every x in [0, 1] is Pareto-optimal, so the whole history is the front.
        Assert.Equal(40, front.Count);
        foreach (var a in front)
        {
            Assert.DoesNotContain(study.Trials, b => Pareto.Dominates(b.Values, a.Values, MinMin));
        }
    }
}
