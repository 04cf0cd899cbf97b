using BigDL.Orleans.Membership;
using BigDL.Orleans.Placement;

namespace BigDL.Orleans.Runtime.Tests.Placement;

public sealed class PlacementTests
{
    static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    static readonly SiloAddress B = new("127.0.0.1", 11112, 1);
    static readonly SiloAddress C = new("127.0.0.1", 11113, 1);

    [Fact]
    public void Hash_based_placement_puts_the_same_grain_on_the_same_silo_and_spreads_grains()
    {
        var context = new Context(A, [A, B, C]);
        var picks = Enumerable.Range(0, 300).Select(i => new GrainId("trial", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var first = picks.Select(id => HashBasedPlacement.Instance.Pick(new(id, null), context)).ToList();
        var second = picks.Select(id => HashBasedPlacement.Instance.Pick(new(id, B), context)).ToList();

        Assert.Equal(first, second);
        Assert.All(new[] { A, B, C }, silo => Assert.InRange(first.Count(s => s == silo), 50, 150)); // 100 expected each
    }

    [Fact]
    public void Spread_placement_puts_a_groups_consecutive_members_on_consecutive_silos_and_equal_indices_together()
    {
        var context = new Context(A, [A, B, C]);
        SiloAddress Pick(string type, string key) => SpreadPlacement.Instance.Pick(new(new GrainId(type, key), null), context);

        foreach (var job in Enumerable.Range(0, 20).Select(j => $"job-{j}"))
        {
            var replicas = Enumerable.Range(0, 8).Select(p => Pick("replica", $"{job}/{p}")).ToList();

            Assert.Equal([3, 3, 2], replicas.CountBy(s => s).Select(g => g.Value).OrderDescending());
            Assert.All(Enumerable.Range(0, 7), p => Assert.NotEqual(replicas[p], replicas[p + 1]));
            Assert.Equal(replicas.Take(4), Enumerable.Range(0, 4).Select(s => Pick("shard", $"{job}/{s}")));
        }
    }

    [Fact]
    public void Spread_placement_starts_groups_on_different_silos_and_places_other_keys_by_hash()
    {
        var context = new Context(A, [A, B, C]);

        var firsts = Enumerable.Range(0, 60).Select(j => SpreadPlacement.Instance.Pick(new(new GrainId("replica", $"job-{j}/0"), null), context)).ToList();
        var plain = new GrainId("replica", "no-index");

        Assert.All(new[] { A, B, C }, silo => Assert.InRange(firsts.Count(s => s == silo), 8, 32)); // 20 expected each
        Assert.Equal(HashBasedPlacement.Instance.Pick(new(plain, null), context), SpreadPlacement.Instance.Pick(new(plain, B), context));
    }

    [Fact]
    public void Prefer_local_placement_picks_the_calling_silo_when_it_hosts_the_grain()
    {
        var context = new Context(A, [A, B, C]);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(B, PreferLocalPlacement.Instance.Pick(new(new GrainId("trial", "x"), B), context)));
    }

    [Fact]
    public void Prefer_local_placement_falls_back_to_a_compatible_silo_when_the_caller_cannot_host_it()
    {
        var context = new Context(A, [B, C]);

        var picks = Enumerable.Range(0, 50).Select(_ => PreferLocalPlacement.Instance.Pick(new(new GrainId("trial", "x"), A), context)).ToHashSet();

        Assert.DoesNotContain(A, picks);
        Assert.Subset(new HashSet<SiloAddress> { B, C }, picks);
    }

    [Fact]
    public void Activation_count_placement_prefers_the_less_loaded_silo()
    {
        var context = new Context(A, [A, B], counts: new() { [A] = 1000, [B] = 10 });

        var picks = Enumerable.Range(0, 200).Select(_ => ActivationCountBasedPlacement.Instance.Pick(new(new GrainId("trial", "x"), null), context)).ToList();

        // Two distinct choices out of two silos always include B, which has fewer activations.
        Assert.All(picks, silo => Assert.Equal(B, silo));
    }

    [Fact]
    public void Random_placement_uses_every_compatible_silo_and_nothing_else()
    {
        var context = new Context(A, [B, C]);

        var picks = Enumerable.Range(0, 200).Select(_ => RandomPlacement.Instance.Pick(new(new GrainId("trial", "x"), null), context)).ToHashSet();

        Assert.Equal(new HashSet<SiloAddress> { B, C }, picks);
    }

    [Fact]
    public void Placement_with_no_compatible_silo_fails_naming_the_grain_type()
    {
        var context = new Context(A, []);

        var error = Assert.Throws<InvalidOperationException>(() => RandomPlacement.Instance.Pick(new(new GrainId("trial", "x"), null), context));

        Assert.Contains("'trial'", error.Message);
    }

    sealed class Context(SiloAddress local, IReadOnlyList<SiloAddress> silos, Dictionary<SiloAddress, int>? counts = null) : IPlacementContext
    {
        public SiloAddress LocalSilo => local;

        public IReadOnlyList<SiloAddress> GetCompatibleSilos(string grainType) => silos;

        public int GetActivationCount(SiloAddress silo) => counts?.GetValueOrDefault(silo) ?? 0;
    }
}
