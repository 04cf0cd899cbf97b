using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Membership;

/// <summary>Writers racing from the same snapshot, each on a table object (a connection pool) of its own, as separate silos would.</summary>
public abstract partial class MembershipTableContractTests
{
    const int Racers = 6;

    [Fact]
    public async Task Of_concurrent_inserts_expecting_the_same_version_exactly_one_wins()
    {
        var silos = await SilosAsync(Racers);
        var before = await Table.ReadAllAsync();

        var results = await Task.WhenAll(silos.Select((silo, i) => silo.InsertRowAsync(Entry(Address(20000 + i)), before.Version.Next())));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => results[i]);
        var after = await Table.ReadAllAsync();
        Assert.Equal(Address(20000 + winner), Assert.Single(after.Members).Entry.SiloAddress);
        Assert.Equal(before.Version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task Of_concurrent_updates_with_the_same_row_etag_exactly_one_wins()
    {
        var entry = Entry(Address(11111));
        var (_, inserted) = await InsertAsync(entry);
        var eTag = Row(inserted, entry.SiloAddress).ETag;
        var silos = await SilosAsync(Racers);

        var results = await Task.WhenAll(silos.Select((silo, i) =>
            silo.UpdateRowAsync(entry with { SiloName = $"writer-{i}" }, eTag, inserted.Version.Next())));

        var winner = Assert.Single(Enumerable.Range(0, Racers), i => results[i]);
        var after = await Table.ReadAllAsync();
        Assert.Equal($"writer-{winner}", Row(after, entry.SiloAddress).Entry.SiloName);
        Assert.Equal(inserted.Version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task Writers_that_read_again_after_losing_a_race_each_land_every_write_once()
    {
        const int updatesEach = 5;
        var silos = await SilosAsync(4);

        var attempts = await Task.WhenAll(silos.Select((silo, i) => JoinAndBeatAsync(silo, Address(21000 + i), updatesEach)));

        var after = await Table.ReadAllAsync();
        Assert.Equal(silos.Count, after.Members.Count);
        Assert.All(after.Members, m => Assert.Equal($"beat-{updatesEach}", m.Entry.SiloName));
        Assert.Equal(silos.Count * (1 + updatesEach), after.Version.Version);
        Assert.All(attempts, a => Assert.True(a >= 1 + updatesEach));
    }

    /// <summary>Inserts a silo's row, then renames it <paramref name="updates"/> times, re-reading after every lost race; returns the attempts made.</summary>
    static async Task<int> JoinAndBeatAsync(IMembershipTable silo, SiloAddress address, int updates)
    {
        const int maxAttempts = 10_000; // a bound so that a broken table fails the test instead of hanging it
        var attempts = 0;
        var done = 0;
        while (done <= updates)
        {
            Assert.True(++attempts < maxAttempts, $"{address} made {maxAttempts} attempts without landing its writes.");
            var data = await silo.ReadAllAsync();
            var won = data.TryGet(address, out var entry, out var eTag)
                ? await silo.UpdateRowAsync(entry with { SiloName = $"beat-{done}" }, eTag, data.Version.Next())
                : await silo.InsertRowAsync(Entry(address, name: "beat-0"), data.Version.Next());
            if (won)
            {
                done++;
            }
        }

        return attempts;
    }

    async Task<IReadOnlyList<IMembershipTable>> SilosAsync(int count)
    {
        var silos = new List<IMembershipTable>();
        for (var i = 0; i < count; i++)
        {
            silos.Add(await NewTableAsync(ClusterId));
        }

        return silos;
    }
}
