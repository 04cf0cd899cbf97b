using BigDL.Orleans.GrainDirectory;
using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Placement;

public sealed class GrainDirectoryTests
{
    static readonly SiloAddress[] Silos = [.. Enumerable.Range(0, 5).Select(i => new SiloAddress("127.0.0.1", 20000 + i, 7))];

    [Fact]
    public void Ring_ranges_of_all_silos_cover_the_hash_space_exactly_once()
    {
        var ring = new ConsistentRing(Silos);
        var ranges = Silos.SelectMany(ring.RangesOf).ToList();

        // Summing range lengths modulo 2^32 gives the whole space exactly when ranges tile it without overlap.
        var total = ranges.Aggregate(0UL, (sum, r) => sum + (r.End - r.Begin == 0 ? 1UL << 32 : (ulong)(uint)(r.End - r.Begin)));
        Assert.Equal(1UL << 32, total);
        foreach (var hash in new uint[] { 0, 1, 12345, uint.MaxValue / 2, uint.MaxValue })
        {
            var owner = ring.Owner(hash);
            Assert.Contains(ring.RangesOf(owner), r => InRange(hash, r.Begin, r.End));
        }
    }

    [Fact]
    public void Ring_spreads_grains_evenly_and_a_joining_silo_moves_only_its_share()
    {
        var before = new ConsistentRing(Silos[..4]);
        var after = new ConsistentRing(Silos);
        var ids = Enumerable.Range(0, 20000).Select(i => new GrainId("trial", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var counts = ids.GroupBy(before.Owner).Select(g => g.Count()).ToList();
        var moved = ids.Count(id => before.Owner(id) != after.Owner(id));
        var movedToOthers = ids.Count(id => before.Owner(id) != after.Owner(id) && after.Owner(id) != Silos[4]);

        Assert.Equal(4, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 5000 / 2, 5000 * 3 / 2));
        Assert.InRange(moved, 20000 / 5 / 2, 20000 / 5 * 2); // about 1/5 of the grains move, to the new silo
        Assert.Equal(0, movedToOthers);
    }

    [Fact]
    public void A_single_silo_owns_the_whole_ring()
    {
        var ring = new ConsistentRing([Silos[0]]);

        Assert.Equal([(0u, 0u)], ring.RangesOf(Silos[0]));
        Assert.Empty(ring.RangesOf(Silos[1]));
        Assert.Equal(Silos[0], ring.Owner(123u));
    }

    [Fact]
    public void Directory_registration_is_first_writer_wins_and_unregister_keeps_a_newer_entry()
    {
        var partition = new GrainDirectoryPartition();
        var id = new GrainId("trial", "7");
        var first = new ActivationAddress(id, Silos[0], Guid.NewGuid());
        var second = new ActivationAddress(id, Silos[1], Guid.NewGuid());

        Assert.Equal(first, partition.Register(first));
        Assert.Equal(first, partition.Register(second));
        Assert.False(partition.Unregister(second));
        Assert.True(partition.Unregister(first));
        Assert.Null(partition.Lookup(id));
    }

    [Fact]
    public void Removing_a_dead_silo_drops_only_its_entries()
    {
        var partition = new GrainDirectoryPartition();
        var onDead = new ActivationAddress(new GrainId("trial", "1"), Silos[1], Guid.NewGuid());
        var onLive = new ActivationAddress(new GrainId("trial", "2"), Silos[2], Guid.NewGuid());
        partition.Register(onDead);
        partition.Register(onLive);

        Assert.Equal(1, partition.RemoveSilo(Silos[1]));

        Assert.Null(partition.Lookup(onDead.GrainId));
        Assert.Equal(onLive, partition.Lookup(onLive.GrainId));
    }

    [Fact]
    public void Split_off_hands_over_exactly_the_entries_a_new_ring_gives_to_other_silos()
    {
        var self = Silos[0];
        var partition = new GrainDirectoryPartition();
        var ids = Enumerable.Range(0, 500).Select(i => new GrainId("trial", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        ids.ForEach(id => partition.Register(new ActivationAddress(id, Silos[3], Guid.NewGuid())));
        var ring = new ConsistentRing(Silos[..2]);

        var moved = partition.SplitOff(ring, self);

        Assert.All(moved, a => Assert.Equal(Silos[1], ring.Owner(a.GrainId)));
        Assert.Equal(ids.Count(id => ring.Owner(id) == self), partition.Count);
        Assert.Equal(500, moved.Count + partition.Count);
    }

    static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
