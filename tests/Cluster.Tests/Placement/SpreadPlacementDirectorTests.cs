using BigDL.Cluster.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace BigDL.Cluster.Tests.Placement;

public sealed class SpreadPlacementDirectorTests
{
    sealed class Context(SiloAddress[] compatible) : IPlacementContext
    {
        public SiloAddress LocalSilo => compatible[0];

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => compatible;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) =>
            new Dictionary<ushort, SiloAddress[]> { [0] = compatible };
    }

    static Task<SiloAddress> Place(string key, SiloAddress[] silos, Dictionary<string, object>? requestContext = null) =>
        new SpreadPlacementDirector().OnAddActivation(
            SpreadPlacement.Singleton,
            new PlacementTarget(GrainId.Create("replica", key), requestContext!, default, 0),
            new Context(silos));

    [Fact]
    public async Task Silos_are_sorted_before_indexing_so_every_silo_agrees_whatever_order_it_lists_them_in()
    {
        SiloAddress[][] orders = [[Silos.A, Silos.B, Silos.C], [Silos.C, Silos.A, Silos.B], [Silos.B, Silos.C, Silos.A]];

        foreach (var key in Enumerable.Range(0, 8).Select(i => $"job-9/{i}"))
        {
            var picks = await Task.WhenAll(orders.Select(order => Place(key, order)));

            Assert.All(picks, pick => Assert.Equal(SpreadKey.Pick(key, Silos.Three), pick));
        }
    }

    [Fact]
    public async Task Only_compatible_silos_are_used()
    {
        var picks = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Place($"job-3/{i}", [Silos.C, Silos.A])));

        Assert.DoesNotContain(Silos.B, picks);
        Assert.Equal(4, picks.Count(p => p == Silos.A));
    }

    [Fact]
    public async Task A_placement_hint_for_a_compatible_silo_wins()
    {
        var hint = new Dictionary<string, object> { [IPlacementDirector.PlacementHintKey] = Silos.B };

        var picks = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Place($"job-3/{i}", Silos.Three, hint)));

        Assert.All(picks, pick => Assert.Equal(Silos.B, pick));
    }

    [Fact]
    public async Task No_compatible_silo_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<Orleans.Runtime.OrleansException>(() => Place("job/0", []));

        Assert.Contains("No active silo", error.Message, StringComparison.Ordinal);
    }
}
