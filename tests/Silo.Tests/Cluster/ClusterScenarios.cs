using System.Collections.Concurrent;
using System.Diagnostics;
using BigDL.Orleans.Management;
using BigDL.Orleans.Resilience;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Silo.Tests.Grains;
using Xunit.Abstractions;

namespace BigDL.Orleans.Silo.Tests.Cluster;

/// <summary>What the process-cluster tests check, the same whichever store holds the membership table.</summary>
internal static class ClusterScenarios
{
    public static async Task CallsReachEverySiloAsync(ProcessCluster cluster)
    {
        await using var client = await cluster.ConnectAsync();
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(cluster.SiloAddressAsync));

        // Random placement over three silos: 60 grains all on two silos has a chance of 3 * (2/3)^60, about 1e-10.
        var keys = Enumerable.Range(0, 60).Select(i => $"reach-{i}").ToList();
        var served = await Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).Add(1)));

        Assert.All(served, s => Assert.Equal(1, s.Count));
        Assert.Equal(silos.Order(), served.Select(s => s.Silo).Distinct().Order());

        // One activation per grain: asked again, from a second client on another gateway, each grain answers from the same silo.
        await using var other = await BigDL.Orleans.Client.BigDLClient.ConnectAsync(cluster.Gateways.Split(',')[^1], ProcessCluster.ApiKey);
        var again = await Task.WhenAll(keys.Select(k => other.GetGrain<ICounterGrain>(k).Add(1)));
        Assert.Equal(served.Select(s => s.Silo), again.Select(s => s.Silo));
        Assert.All(again, s => Assert.Equal(2, s.Count));
    }

    public static async Task SurvivesKillAsync(ProcessCluster cluster, ITestOutputHelper output)
    {
        const int Victim = 1;
        var victim = await cluster.SiloAddressAsync(Victim);
        await using var client = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));

        // A client given only the victim's gateway: it learns the others when it connects, and must move to one of them.
        var victimGateway = cluster.Gateway(Victim);
        await using var pinned = await BigDL.Orleans.Client.BigDLClient.ConnectAsync(victimGateway, ProcessCluster.ApiKey);
        Assert.Equal(victim, pinned.Gateway); // named by the silo behind it

        // Grains on every silo (45 random placements miss one of three silos with a chance of 3 * (2/3)^45, about 4e-8).
        var keys = Enumerable.Range(0, 45).Select(i => $"load-{i}").ToList();
        var homes = (await Task.WhenAll(keys.Select(k => client.GetGrain<ICounterGrain>(k).Where()))).ToList();
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(cluster.SiloAddressAsync));
        Assert.Equal(silos.Order(), homes.Distinct().Order());
        var onVictim = keys.Where((_, i) => homes[i] == victim).ToList();

        // Load: a writer per grain, each remembering the last count the cluster acknowledged.
        var acknowledged = new ConcurrentDictionary<string, int>();
        using var stopLoad = new CancellationTokenSource();
        var writers = keys.Select(k => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                try
                {
                    var (count, _) = await client.GetGrain<ICounterGrain>(k).Add(1);
                    acknowledged.AddOrUpdate(k, count, (_, old) => Math.Max(old, count));
                }
                catch (Exception e) when (e is SiloUnavailableException or TimeoutException or MessageRejectedException)
                {
                    // The victim's grains are unreachable until it is declared dead; keep trying.
                    await Task.Delay(20);
                }
            }
        })).ToList();

        // Calls in flight on the victim when it dies: they must end with SiloUnavailableException, long before the 2 min timeout.
        await ProcessCluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Count == keys.Count), TimeSpan.FromSeconds(60));
        var waits = onVictim.Select(k => client.GetGrain<ICounterGrain>(k).Wait(60_000)).ToList();
        await Task.Delay(500); // the waits are sent (a lower bound only: the assertions below do not depend on it)

        var killed = Stopwatch.StartNew();
        cluster.Kill(Victim);
        foreach (var wait in waits)
        {
            await Assert.ThrowsAsync<SiloUnavailableException>(() => wait);
        }

        var failedAfter = killed.Elapsed;

        // The pinned client moves to a surviving gateway (its first attempts may fail fast while it reconnects).
        var (_, pinnedOn) = await GrainCallRetry.Default.ExecuteAsync(async _ => await pinned.GetGrain<ICounterGrain>("pinned-client").Add(1));
        Assert.NotEqual(victim, pinnedOn);
        Assert.NotNull(pinned.Gateway);
        Assert.NotEqual(victim, pinned.Gateway);

        // A caller with the retry policy gets through: its first attempts fail fast, a later one lands on a survivor.
        // (Its writer goes on meanwhile, so compare with what was acknowledged before this call started.)
        var ackedBefore = acknowledged[onVictim[0]];
        var (retried, retriedOn) = await GrainCallRetry.Default.ExecuteAsync(async _ => await client.GetGrain<ICounterGrain>(onVictim[0]).Add(0));
        Assert.NotEqual(victim, retriedOn);
        Assert.True(retried >= ackedBefore, $"the grain came back with {retried}, below the {ackedBefore} acknowledged before the call");
        output.WriteLine($"in-flight calls failed {failedAfter.TotalSeconds:F1}s after the kill");
        Assert.True(failedAfter < TimeSpan.FromSeconds(55), $"in-flight calls took {failedAfter} to fail; they waited for their deadline instead of failing fast");

        // Declared dead by the survivors through the membership table.
        await ProcessCluster.WaitUntilAsync(
            async () => (await client.GetGrain<IManagementGrain>(0).GetHosts()).Any(h => h.Address == victim && h.Status == "Dead"),
            TimeSpan.FromSeconds(90),
            async () => string.Join(", ", (await client.GetGrain<IManagementGrain>(0).GetHosts()).Select(h => $"{h.Address}={h.Status}")));
        output.WriteLine($"declared dead {killed.Elapsed.TotalSeconds:F1}s after the kill");

        // The load goes on: the victim's grains come back on the survivors with their stored counts.
        var before = acknowledged.ToDictionary();
        await ProcessCluster.WaitUntilAsync(
            () => Task.FromResult(onVictim.All(k => acknowledged.GetValueOrDefault(k) > before.GetValueOrDefault(k))),
            TimeSpan.FromSeconds(90),
            () => Task.FromResult($"writes to {string.Join(", ", onVictim.Where(k => acknowledged.GetValueOrDefault(k) <= before.GetValueOrDefault(k)))} did not resume"));
        stopLoad.Cancel();
        await Task.WhenAll(writers);

        foreach (var key in keys)
        {
            var grain = client.GetGrain<ICounterGrain>(key);
            var stored = await grain.Get();
            var acked = acknowledged[key];

            // Every acknowledged write is kept; one more may have been stored by a call whose answer died with the victim.
            Assert.InRange(stored, acked, acked + 1);
            Assert.NotEqual(victim, await grain.Where());
        }

        // The killed silo starts again, with a new generation, and takes grains again.
        await cluster.StartSiloAsync(Victim);
        var reborn = await cluster.SiloAddressAsync(Victim);
        Assert.NotEqual(victim, reborn);
        await cluster.WaitForActiveSilosAsync(3, ProcessCluster.StartTimeout);
        await using var fresh = await cluster.ConnectAsync(o => o.ResponseTimeout = TimeSpan.FromSeconds(20));
        await ProcessCluster.WaitUntilAsync(
            async () => (await Task.WhenAll(Enumerable.Range(0, 30).Select(i => fresh.GetGrain<ICounterGrain>($"reborn-{Guid.NewGuid():N}").Where()))).Contains(reborn),
            TimeSpan.FromSeconds(60));
    }

    public static async Task RefusesAnotherSecretAsync(ProcessCluster cluster)
    {
        using var intruder = cluster.StartProcess("intruder", new Dictionary<string, string> { ["BIGDL_CLUSTER_SECRET"] = "not-this-clusters-secret-0123456789" });

        Assert.True(await intruder.WaitForExitAsync(ProcessCluster.StartTimeout), "a silo with another cluster secret kept running:\n" + intruder.Output);
        Assert.Equal(1, intruder.ExitCode);
        Assert.Contains("refused this silo", intruder.Output);
        Assert.Contains("same cluster secret", intruder.Output);
        Assert.DoesNotContain("not-this-clusters-secret", intruder.Output); // secrets are never printed
        Assert.DoesNotContain("   at ", intruder.Output);

        // The cluster is untouched: three active silos, and the intruder never served (it left itself Dead in the table).
        await using var client = await cluster.ConnectAsync();
        SiloInfo? intruderRow = null;
        await ProcessCluster.WaitUntilAsync(
            async () =>
            {
                var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts();
                intruderRow = hosts.SingleOrDefault(h => h.Name == "intruder");
                return hosts.Count(h => h.Status == "Active") == 3 && intruderRow?.Status == "Dead";
            },
            TimeSpan.FromSeconds(60),
            async () => string.Join(", ", (await client.GetGrain<IManagementGrain>(0).GetHosts()).Select(h => $"{h.Name} {h.Address}={h.Status}")));
        var served = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetGrain<ICounterGrain>($"after-intruder-{i}").Add(1)));
        Assert.All(served, s => Assert.Equal(1, s.Count));
        Assert.DoesNotContain(intruderRow!.Address, served.Select(s => s.Silo));
    }
}
