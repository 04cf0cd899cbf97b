using BigDL.Orleans.Client;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Management;
using BigDL.Orleans.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Orleans.Runtime.Tests.Cluster;

/// <summary>Three silos in this process sharing a SQLite membership table and state store, talking over loopback TCP.</summary>
public sealed class InProcessClusterTests : IAsyncLifetime
{
    const string Secret = "in-process-cluster-secret-0123456789";
    const string ApiKey = "in-process-cluster-api-key-0123456789";
    readonly string folder = Path.Combine(Path.GetTempPath(), "bigdl-cluster-" + Guid.NewGuid().ToString("N"));
    readonly List<TestSilo> silos = [];

    string Store => $"Data Source={Path.Combine(folder, "cluster.db")}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < 3; i++)
        {
            silos.Add(await StartSiloAsync(gateway: i == 0));
        }

        var management = silos[0].Client.GetGrain<IManagementGrain>(0);
        await Eventually.TrueAsync(
            () => management.GetHosts().Result.Count(h => h.Status == "Active") == 3 && RingsAgree(),
            "three active silos that all see each other");
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Calls_reach_grains_placed_on_every_silo_and_each_grain_has_one_activation()
    {
        var client = silos[0].Client;
        var where = new Dictionary<string, string>();
        for (var i = 0; i < 60; i++)
        {
            where[$"g{i}"] = await client.GetGrain<IWhereGrain>($"g{i}").WhereAmI();
        }

        Assert.Equal(3, where.Values.Distinct().Count());

        // Asked through the other silos, every grain answers from the same silo as before: one activation per grain.
        foreach (var silo in silos.Skip(1))
        {
            foreach (var (key, first) in where)
            {
                Assert.Equal(first, await silo.Client.GetGrain<IWhereGrain>(key).WhereAmI());
            }
        }
    }

    [Fact]
    public async Task Grain_to_grain_calls_cross_silos_with_results_exceptions_and_large_float_arrays()
    {
        var client = silos[1].Client;
        var a = client.GetGrain<IWhereGrain>("a");
        var others = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            others.Add(await a.WhereIsOther($"b{i}"));
        }

        Assert.True(others.Count >= 2, $"calls from one grain reached {others.Count} silo(s)");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetGrain<IWhereGrain>("thrower").Fail("bad input x"));
        Assert.Equal("bad input x", error.Message);

        var data = Enumerable.Range(0, 1 << 20).Select(i => i * 0.5f).ToArray();
        var echoed = await a.Echo(data);
        Assert.Equal(data, echoed);
    }

    [Fact]
    public async Task A_call_cycle_across_silos_is_a_deadlock_error_not_a_timeout()
    {
        var client = silos[0].Client;
        var error = await Assert.ThrowsAsync<DeadlockException>(() => client.GetGrain<IWhereGrain>("cycle-a").CallBackThrough("cycle-b"));
        Assert.Contains("cycle-a", error.Message);
    }

    [Fact]
    public async Task An_external_client_calls_grains_through_the_gateway_and_receives_observer_pushes()
    {
        var port = silos[0].Services.GetRequiredService<BigDL.Orleans.Cluster.ClusterMembership>().Cluster!.GatewayPort;
        await using var client = await BigDLClient.ConnectAsync($"127.0.0.1:{port}", ApiKey);
        var silosSeen = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            silosSeen.Add(await client.GetGrain<IWhereGrain>($"c{i}").WhereAmI());
        }

        Assert.Equal(3, silosSeen.Count);

        var received = new ChatInbox();
        var reference = client.CreateObjectReference<IChatObserver>(received);
        var room = client.GetGrain<IChatRoomGrain>("room-1");
        await room.Subscribe(reference);
        await room.Publish("hello across the gateway");
        Assert.Equal(["hello across the gateway"], received.Messages);
    }

    [Fact]
    public async Task A_client_with_a_wrong_api_key_is_refused_with_a_clear_error()
    {
        var port = silos[0].Services.GetRequiredService<BigDL.Orleans.Cluster.ClusterMembership>().Cluster!.GatewayPort;
        var error = await Assert.ThrowsAsync<GatewayUnavailableException>(() => BigDLClient.ConnectAsync($"127.0.0.1:{port}", "wrong-key-wrong-key-wrong-key"));
        Assert.Contains("API key", error.Message);
    }

    [Fact]
    public async Task A_stopped_silo_leaves_and_its_grains_come_back_elsewhere_with_their_state()
    {
        var client = silos[0].Client;
        var victim = silos[2];
        var victimName = victim.Services.GetRequiredService<BigDL.Orleans.Cluster.ClusterMembership>().SelfName;
        var onVictim = new List<string>();
        for (var i = 0; onVictim.Count < 3 && i < 200; i++)
        {
            var (_, silo) = await client.GetGrain<ICountingGrain>($"n{i}").Increment();
            if (silo == victimName)
            {
                onVictim.Add($"n{i}");
            }
        }

        Assert.NotEmpty(onVictim);
        await victim.StopAsync();
        var survivor = silos[0].Services.GetRequiredService<BigDL.Orleans.Cluster.ClusterMembership>().Cluster!;
        await Eventually.TrueAsync(() => survivor.Router.Ring.Silos.Count == 2, "the survivors see the stopped silo gone");
        foreach (var key in onVictim)
        {
            var (count, silo) = await client.GetGrain<ICountingGrain>(key).Increment();
            Assert.Equal(2, count);
            Assert.NotEqual(victimName, silo);
        }
    }

    [Fact]
    public async Task A_caller_changing_its_array_right_after_a_call_does_not_change_what_any_silos_grain_got()
    {
        var client = silos[0].Client;
        var where = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            // A fresh key goes through a directory lookup (the call waits, the caller goes on); the second call to it
            // finds the location cached and is serialized at once (or queued locally): each path must isolate.
            var grain = client.GetGrain<IWhereGrain>($"isolated-{i}");
            for (var call = 0; call < 2; call++)
            {
                float[] data = [1, 2, 3];
                var echoed = grain.Echo(data);
                data[0] = 99;
                var got = await echoed;
                Assert.Equal(new[] { 1f, 2f, 3f }, got);
            }

            where.Add(await grain.WhereAmI());
        }

        Assert.Equal(3, where.Count); // the loop reached grains on this silo and on both others
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_a_call_fires_the_token_of_the_grain_running_it_on_another_silo(bool fromExternalClient)
    {
        var gateway = silos[0].Services.GetRequiredService<BigDL.Orleans.Cluster.ClusterMembership>().Cluster!;
        await using var external = fromExternalClient ? await BigDLClient.ConnectAsync($"127.0.0.1:{gateway.GatewayPort}", ApiKey) : null;
        IClusterClient caller = external ?? silos[0].Client;
        string? key = null;
        for (var i = 0; key is null && i < 100; i++)
        {
            var candidate = $"cancel-{fromExternalClient}-{i}";
            if (await caller.GetGrain<ICancellableGrain>(candidate).WhereAmI() != gateway.Self.ToString())
            {
                key = candidate; // not on the caller's (or the client's gateway's) silo: the cancel must cross processes
            }
        }

        Assert.NotNull(key);
        using var cancel = new CancellationTokenSource();
        var call = caller.GetGrain<ICancellableGrain>(key).Block(cancel.Token);
        await Eventually.TrueAsync(() => CancellableGrain.Started.ContainsKey(key), "the call started on the grain's silo");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Eventually.TrueAsync(() => CancellableGrain.Cancelled.ContainsKey(key), "the grain's token fired on its silo (not after its minute)");
    }

    bool RingsAgree() => silos.All(s => s.Services.GetRequiredService<BigDL.Orleans.Cluster.ClusterMembership>().Cluster!.Router.Ring.Silos.Count == 3);

    Task<TestSilo> StartSiloAsync(bool gateway) => TestSilo.StartAsync(o =>
    {
        o.Storage = Store;
        o.Port = 0;
        o.ClusterSecret = Secret;
        if (gateway)
        {
            o.GatewayPort = 0;
            o.ApiKey = ApiKey;
        }
    });

    sealed class ChatInbox : IChatObserver
    {
        public List<string> Messages { get; } = [];

        public Task OnMessage(string text)
        {
            Messages.Add(text);
            return Task.CompletedTask;
        }
    }
}
