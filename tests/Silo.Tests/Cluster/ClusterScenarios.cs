using System.Collections.Concurrent;
using System.Diagnostics;
using BigDL.Silo.Tests.Grains;
using Orleans.Runtime.Messaging;
using Xunit.Abstractions;

namespace BigDL.Silo.Tests.Cluster;

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
        await using var other = await global::BigDL.Grains.BigDLClient.ConnectAsync(cluster.Gateways.Split(',')[^1], ProcessCluster.ApiKey);
        var again = await Task.WhenAll(keys.Select(k => other.GetGrain<ICounterGrain>(k).Add(1)));
        Assert.Equal(served.Select(s => s.Silo), again.Select(s => s.Silo));
        Assert.All(again, s => Assert.Equal(2, s.Count));
    }

    public static async Task SurvivesKillAsync(ProcessCluster cluster, ITestOutputHelper output)
    {
        const int Victim = 1;
        var victim = await cluster.SiloAddressAsync(Victim);
        // Orleans fails a client's call fast only while its own gateway is the silo lost: a request the gateway forwarded to
        // a silo that dies is tracked by no one but the client, which knows only its deadline (the gateway keeps no callback
        // for it, and the client's BreakOutstandingMessagesToSilo is never called). So what a user can rely on is that such
        // a call fails within the client's ResponseTimeout, set short here, and that calls made again succeed once the
        // silo is declared dead.
        var responseTimeout = TimeSpan.FromSeconds(20);
        await using var client = await cluster.ConnectAsync(o => o.ResponseTimeout = responseTimeout);

        // A client given no gateway: it finds them in the store, as Orleans clients do, and must move off the victim's.
        // (An Orleans client given one gateway statically knows only that one; it never learns the others from it.)
        await using var pinned = await cluster.ConnectThroughStoreAsync();
        Assert.Equal(1, (await pinned.GetGrain<ICounterGrain>("pinned-client").Add(1)).Count);

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
                catch (Exception e) when (IsSiloLoss(e))
                {
                    // The victim's grains are unreachable until it is declared dead; keep trying.
                    await Task.Delay(20);
                }
            }
        })).ToList();

        // Calls in flight on the victim when it dies (each would return after 15 s, inside the response timeout): they fail
        // (SiloUnavailableException where their gateway learns of the loss, else TimeoutException), within the timeout.
        await ProcessCluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Count == keys.Count), TimeSpan.FromSeconds(60));
        var waits = onVictim.Select(k => client.GetGrain<ICounterGrain>(k).Wait(15_000)).ToList();
        await Task.Delay(500); // the waits are sent (a lower bound only: the assertions below do not depend on it)

        var killed = Stopwatch.StartNew();
        cluster.Kill(Victim);
        foreach (var wait in waits)
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => wait);
            Assert.True(IsSiloLoss(failure), $"an in-flight call failed with {failure}");
        }

        var failedAfter = killed.Elapsed;

        // The pinned client moves to a surviving gateway (its first attempts may fail fast while it reconnects).
        var (pinnedCount, pinnedOn) = await RetryAsync(() => pinned.GetGrain<ICounterGrain>("pinned-client").Add(1));
        Assert.NotEqual(victim, pinnedOn);
        Assert.InRange(pinnedCount, 2, 3); // the write before the kill kept; one more if an answer died with the victim

        // A caller with the retry policy gets through: its first attempts fail fast, a later one lands on a survivor.
        // (Its writer goes on meanwhile, so compare with what was acknowledged before this call started.)
        var ackedBefore = acknowledged[onVictim[0]];
        var (retried, retriedOn) = await RetryAsync(() => client.GetGrain<ICounterGrain>(onVictim[0]).Add(0));
        Assert.NotEqual(victim, retriedOn);
        Assert.True(retried >= ackedBefore, $"the grain came back with {retried}, below the {ackedBefore} acknowledged before the call");
        output.WriteLine($"in-flight calls failed {failedAfter.TotalSeconds:F1}s after the kill");
        Assert.True(failedAfter < responseTimeout + TimeSpan.FromSeconds(10), $"in-flight calls took {failedAfter} to fail, past their {responseTimeout} response timeout");

        // Declared dead by the survivors through the membership table.
        await ProcessCluster.WaitUntilAsync(
            async () => (await client.GetGrain<IManagementGrain>(0).GetDetailedHosts()).Any(h => h.SiloAddress.ToString() == victim && h.Status == SiloStatus.Dead),
            TimeSpan.FromSeconds(90),
            () => ProcessCluster.DescribeAsync(client));
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

        // The cluster is untouched: three active silos, and the intruder never served. It was refused before it wrote its
        // Joining row (ClusterSecretCheck), so the table holds no row of it, or a Dead one should a later Orleans write it.
        await using var client = await cluster.ConnectAsync();
        await ProcessCluster.WaitUntilAsync(
            async () =>
            {
                var hosts = await client.GetGrain<IManagementGrain>(0).GetDetailedHosts();
                return hosts.Count(h => h.Status == SiloStatus.Active) == 3
                    && hosts.All(h => h.SiloName != "intruder" || h.Status == SiloStatus.Dead);
            },
            TimeSpan.FromSeconds(60),
            () => ProcessCluster.DescribeAsync(client));
        var silos = await Task.WhenAll(Enumerable.Range(0, cluster.Count).Select(cluster.SiloAddressAsync));
        var served = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetGrain<ICounterGrain>($"after-intruder-{i}").Add(1)));
        Assert.All(served, s => Assert.Equal(1, s.Count));
        Assert.All(served, s => Assert.Contains(s.Silo, silos));
    }

    /// <summary>Whether <paramref name="e"/> is what a call gets while its grain's silo is dead but not yet declared so.</summary>
    // OperationCanceledException: Orleans' distributed directory cancels a lookup whose owner leaves the cluster mid-call.
    static bool IsSiloLoss(Exception e) =>
        e is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or ConnectionFailedException or OperationCanceledException
        || (e.InnerException is { } inner && IsSiloLoss(inner));

    /// <summary>
    /// Makes <paramref name="call"/> again while it fails for a lost silo, for up to two minutes: calling a grain again
    /// re-activates it on a survivor once the dead silo is declared so.
    /// </summary>
    static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsSiloLoss(e) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
