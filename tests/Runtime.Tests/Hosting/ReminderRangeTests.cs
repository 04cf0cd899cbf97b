using BigDL.Orleans.GrainDirectory;
using BigDL.Orleans.Membership;
using BigDL.Orleans.Reminders;
using BigDL.Orleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Orleans.Runtime.Tests.Hosting;

public sealed class ReminderRangeTests
{
    static readonly SiloAddress SiloA = new("127.0.0.1", 40001, 1);
    static readonly SiloAddress SiloB = new("127.0.0.1", 40002, 1);

    [Fact]
    public async Task Each_silo_ticks_only_the_reminders_in_its_ring_ranges_and_a_survivor_takes_over_a_dead_silos_ranges()
    {
        var shared = new InMemoryReminderTable();
        await using var a = await StartSilo("silo-a", shared);
        var b = await StartSilo("silo-b", shared);
        var ring = new ConsistentRing([SiloA, SiloB]);
        await Reminders(a).UpdateRangesAsync(ring.RangesOf(SiloA));
        await Reminders(b).UpdateRangesAsync(ring.RangesOf(SiloB));

        // Every reminder is registered through silo A; those B owns reach B through B's refresh of its ranges.
        var grains = Enumerable.Range(0, 16).Select(_ => a.Client.GetGrain<IRangedReminderGrain>(Guid.NewGuid().ToString("N"))).ToList();
        foreach (var grain in grains)
        {
            await grain.Register(TimeSpan.FromSeconds(1));
        }

        await Reminders(b).RefreshAsync();
        await Eventually.TrueAsync(() => grains.All(g => Ticks(g).Count > 0), "every reminder ticked");

        foreach (var grain in grains)
        {
            var owner = ring.Owner(grain.GetGrainId()) == SiloA ? "silo-a" : "silo-b";
            Assert.All(Ticks(grain), silo => Assert.Equal(owner, silo));
        }

        Assert.Contains(grains, g => ring.Owner(g.GetGrainId()) == SiloB); // the test means something only if B owns some

        await b.DisposeAsync();
        await Reminders(a).UpdateRangesAsync(new ConsistentRing([SiloA]).RangesOf(SiloA));
        var before = grains.ToDictionary(g => g, g => Ticks(g).Count);

        await Eventually.TrueAsync(() => grains.All(g => Ticks(g).Count > before[g]), "every reminder ticked again after the takeover");
        Assert.All(grains.Where(g => ring.Owner(g.GetGrainId()) == SiloB), g => Assert.Equal("silo-a", Ticks(g)[^1]));
    }

    [Theory]
    [InlineData(5u, 10u, 7u, true)]
    [InlineData(5u, 10u, 5u, false)] // begin is exclusive
    [InlineData(5u, 10u, 10u, true)] // end is inclusive
    [InlineData(10u, 5u, 2u, true)] // wraps past zero
    [InlineData(10u, 5u, 7u, false)]
    [InlineData(3u, 3u, 1234u, true)] // begin == end: the whole ring
    public void Range_membership_follows_the_reminder_table_rule(uint begin, uint end, uint hash, bool inside) =>
        Assert.Equal(inside, ReminderService.InRanges(hash, [(begin, end)]));

    static ReminderService Reminders(TestSilo silo) => silo.Services.GetRequiredService<ReminderService>();

    static IReadOnlyList<string> Ticks(IRangedReminderGrain grain) =>
        RangedReminderLog.SilosByGrain.TryGetValue(grain.GetGrainId().ToString(), out var q) ? [.. q] : [];

    static Task<TestSilo> StartSilo(string name, IReminderTable table) => TestSilo.StartAsync(
        o =>
        {
            o.SiloName = name;
            o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
        },
        services => services.AddSingleton(table));
}
