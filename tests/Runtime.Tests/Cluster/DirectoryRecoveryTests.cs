using BigDL.Orleans.Cluster;
using BigDL.Orleans.GrainDirectory;
using BigDL.Orleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Orleans.Runtime.Tests.Cluster;

/// <summary>
/// The grain directory while silos see a membership change at different moments: a silo that takes over the directory
/// entries of a silo that left must not place a second activation of a grain that still runs on a third silo.
/// </summary>
public sealed class DirectoryRecoveryTests : IAsyncLifetime
{
    const string Secret = "directory-recovery-secret-0123456789";
    readonly string folder = Path.Combine(Path.GetTempPath(), "bigdl-directory-" + Guid.NewGuid().ToString("N"));
    TestSilo leaving = null!;
    TestSilo taker = null!;
    TestSilo holder = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        leaving = await StartSiloAsync(slowToLearn: false);
        taker = await StartSiloAsync(slowToLearn: false);

        // The holder reads the membership table only when it joins: it keeps seeing the leaving silo for the whole test,
        // as a silo does for up to a refresh period (longer when loaded) after another silo has seen the change.
        holder = await StartSiloAsync(slowToLearn: true);
        await Eventually.TrueAsync(() => new[] { leaving, taker, holder }.All(s => Router(s).Ring.Silos.Count == 3), "three silos that all see each other");
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in new[] { holder, taker, leaving }.Where(s => s is not null))
        {
            await silo.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_silo_that_takes_over_a_departed_silos_directory_entries_finds_the_activations_running_elsewhere_instead_of_placing_new_ones()
    {
        var leavingSilo = Router(leaving).Self;
        var takerSilo = Router(taker).Self;
        var holderSilo = Router(holder).Self.ToString();

        // Activations on the holder (placed where called) whose directory entries live on the leaving silo, some of
        // which the taker will own once the leaving silo is gone, and some the holder will.
        var held = new List<(string Key, GrainId Grain, Guid Activation)>();
        var future = new ConsistentRing(Router(leaving).Ring.Silos.Where(s => s != leavingSilo));
        for (var i = 0; (held.Count(h => future.Owner(h.Grain) == takerSilo) < 4 || held.Count(h => future.Owner(h.Grain) != takerSilo) < 2) && i < 2000; i++)
        {
            var (silo, grain, activation) = await holder.Client.GetGrain<IIdentityGrain>($"held-{i}").Identity();
            Assert.Equal(holderSilo, silo);
            if (Router(holder).Ring.Owner(grain) == leavingSilo)
            {
                held.Add(($"held-{i}", grain, activation));
            }
        }

        Assert.True(held.Count(h => future.Owner(h.Grain) == takerSilo) >= 4, "found too few activations whose entries move to the taker");

        await leaving.StopAsync();
        await Eventually.TrueAsync(() => Router(taker).Ring.Silos.Count == 2, "the taker sees the leaving silo gone");
        Assert.Equal(3, Router(holder).Ring.Silos.Count); // the holder has not seen it yet, so it re-registered nothing

        // Called through the taker, each grain is the activation the holder runs: the taker asked the holder what it
        // holds in the ranges it took over; and the holder, asked for an entry that its stale view gives to the silo
        // that left, re-read the table instead of answering for it, and found the entry its own.
        foreach (var (key, grain, activation) in held)
        {
            var (silo, _, now) = await taker.Client.GetGrain<IIdentityGrain>(key).Identity();
            Assert.True((holderSilo, activation) == (silo, now), $"{key} (entry now on {future.Owner(grain)}) answered from a second activation on {silo}");
        }

        Assert.Equal(2, Router(holder).Ring.Silos.Count);
    }

    [Fact]
    public async Task A_directory_owner_that_has_not_seen_a_silo_leave_does_not_send_callers_to_it()
    {
        var leavingSilo = Router(leaving).Self;
        var holderSilo = Router(holder).Self;
        var stale = Router(holder).Ring;
        var future = new ConsistentRing(stale.Silos.Where(s => s != leavingSilo));

        // A grain not active yet whose entry the holder owns before and after, and which hash-based placement (the hash
        // over the silos in address order) puts on the leaving silo in the holder's stale view.
        var grain = Enumerable.Range(0, 10_000).Select(i => new GrainId("hashplaced", $"placed-{i}")).First(g =>
            stale.Owner(g) == holderSilo && future.Owner(g) == holderSilo
            && stale.Silos[(int)(g.GetUniformHashCode() % (uint)stale.Silos.Count)] == leavingSilo);

        await leaving.StopAsync();
        await Eventually.TrueAsync(() => Router(taker).Ring.Silos.Count == 2, "the taker sees the leaving silo gone");
        Assert.Equal(3, Router(holder).Ring.Silos.Count);

        // The holder places it on the silo it still sees; the taker, knowing that silo is dead, asks again, and the holder
        // re-reads the table before answering.
        var where = await taker.Client.GetGrain<IHashPlacedGrain>(grain.Key).WhereAmI();

        Assert.NotEqual(leavingSilo.ToString(), where);
        Assert.Equal(2, Router(holder).Ring.Silos.Count);
    }

    static ClusterRouter Router(TestSilo silo) => silo.Services.GetRequiredService<ClusterMembership>().Cluster!.Router;

    Task<TestSilo> StartSiloAsync(bool slowToLearn) => TestSilo.StartAsync(o =>
    {
        o.Storage = $"Data Source={Path.Combine(folder, "cluster.db")}";
        o.Port = 0;
        o.ClusterSecret = Secret;
        if (slowToLearn)
        {
            o.Membership.TableRefreshPeriod = TimeSpan.FromHours(1);
            o.Membership.ProbePeriod = TimeSpan.FromHours(1); // nor votes, which would re-read the table
        }
    });
}
