using Orleans.Configuration;
using Orleans.Hosting;
using BigDL.Grains;
using BigDL.Silo.Hosting;
using BigDL.Storage;

namespace BigDL.Silo.Tests;

/// <summary>
/// Silos of one cluster as separate <c>bigdl silo</c> processes sharing a membership table (a SQLite file or a
/// PostgreSQL database), each with a gateway on a free port and this test assembly's grains loaded.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public const string Secret = "process-cluster-secret-0123456789";
    public const string ApiKey = "process-cluster-api-key-0123456789";

    /// <summary>How long a silo process may take to start on a loaded 2-core machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Reminders every 2 s instead of every minute: a grain whose silo died (or a whole cluster restarted) is woken by its
    /// reminder on a survivor within seconds.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FastReminders = new Dictionary<string, string>
    {
        ["BigDL__Reminders__MinimumReminderPeriod"] = "00:00:02",
        ["BigDL__Reminders__RefreshReminderListPeriod"] = "00:00:02",
    };

    /// <summary>
    /// Liveness for tests of killed silos, through the silo's BigDL:Membership section (Orleans' option names): probes time out
    /// after 2 s instead of 5 (three missed ones still declare a silo dead, and Orleans lengthens them while the prober's own
    /// health is degraded), so a killed silo is declared dead in about 6 s instead of 15; heartbeats every 3 s, so after a
    /// whole-cluster kill the dead silos' rows go stale and the restarted silos join in about 10 s instead of 30.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FastLiveness = new Dictionary<string, string>
    {
        ["BigDL__Membership__ProbeTimeout"] = "00:00:02",
        ["BigDL__Membership__IAmAliveTablePublishTimeout"] = "00:00:03",
    };

    readonly string folder;
    readonly string store;
    readonly string[] extraArguments;
    readonly IReadOnlyDictionary<string, string> environment;
    readonly List<SiloProcess?> silos = [];
    readonly List<string?> gateways = [];
    readonly List<string?> identities = [];

    ProcessCluster(string folder, string store, string clusterId, IReadOnlyDictionary<string, string> environment, string[] extraArguments)
    {
        this.folder = folder;
        this.store = store;
        ClusterId = clusterId;
        this.environment = environment;
        this.extraArguments = extraArguments;
    }

    /// <summary>Gets the cluster id: the default, which <see cref="global::BigDL.Grains.BigDLClient"/> names (each test has a store of its own).</summary>
    public string ClusterId { get; }

    /// <summary>Gets every gateway of a running silo, comma-separated, as <see cref="global::BigDL.Grains.BigDLClient"/> takes them.</summary>
    public string Gateways => string.Join(',', gateways.Where((g, i) => g is not null && silos[i] is { HasExited: false }));

    public int Count => silos.Count;

    /// <summary>Gets the gateway (<c>host:port</c>) of silo <paramref name="index"/>, while it runs.</summary>
    public string Gateway(int index) => gateways[index] ?? throw new InvalidOperationException($"silo {index} is not running");

    public SiloProcess this[int index] => silos[index] ?? throw new InvalidOperationException($"silo {index} is not running");

    /// <summary>Starts <paramref name="count"/> silos on <paramref name="store"/>: a SQLite file in <paramref name="folder"/> when null.</summary>
    public static async Task<ProcessCluster> StartAsync(
        int count, string folder, string? store = null, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArguments)
    {
        var env = new Dictionary<string, string>(FastLiveness);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        var cluster = new ProcessCluster(folder, store ?? Path.Combine(folder, "cluster.db"), ServiceSiloOptions.DefaultClusterId, env, extraArguments);
        try
        {
            // The first silo creates the tables; the others then start together (a start is mostly the JIT's work, one core each).
            if (count > 0)
            {
                await cluster.StartSiloAsync(0);
            }

            cluster.Reserve(count);
            await Task.WhenAll(Enumerable.Range(1, Math.Max(count - 1, 0)).Select(cluster.StartSiloAsync));

            await cluster.WaitForActiveSilosAsync(count, StartTimeout);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts silo <paramref name="index"/> (again, after a kill) and waits until its gateway is open.</summary>
    public async Task StartSiloAsync(int index)
    {
        Reserve(index + 1);
        silos[index]?.Dispose();
        var silo = StartProcess($"silo{index}");
        silos[index] = silo;
        identities[index] = null;
        gateways[index] = await silo.WaitForLineAsync("gateway: ", StartTimeout);
    }

    // Slots for silos 0..count-1, so that starts running together never grow the lists at once.
    void Reserve(int count)
    {
        while (silos.Count < count)
        {
            silos.Add(null);
            gateways.Add(null);
            identities.Add(null);
        }
    }

    /// <summary>
    /// Starts one more <c>bigdl silo</c> process of this cluster without tracking or waiting for it, with
    /// <paramref name="environmentOverrides"/> over the cluster's environment (e.g. another BIGDL_CLUSTER_SECRET).
    /// </summary>
    public SiloProcess StartProcess(string name, IReadOnlyDictionary<string, string>? environmentOverrides = null)
    {
        var workingFolder = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        var env = new Dictionary<string, string>(environment)
        {
            ["BIGDL_CLUSTER_SECRET"] = Secret,
            ["BIGDL_API_KEY"] = ApiKey,
        };
        foreach (var (key, value) in environmentOverrides ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        string[] args =
        [
            "silo", "--store", store, "--cluster-id", ClusterId, "--name", name,
            "--port", "0", "--gateway-port", "0", "--dashboard-port", "0",
            "--grain-assembly", typeof(ProcessCluster).Assembly.Location, .. extraArguments,
        ];
        return SiloProcess.Start(workingFolder, env, args);
    }

    /// <summary>
    /// Gets the address of silo <paramref name="index"/> as the cluster knows it and its grains report it
    /// (<see cref="Grain.RuntimeIdentity"/>, <c>S host:port:generation</c>): the endpoint it printed, with the generation the
    /// membership table holds for that endpoint while the silo is active. Kept after a kill, until the silo starts again.
    /// </summary>
    public async Task<string> SiloAddressAsync(int index)
    {
        if (identities[index] is { } known)
        {
            return known;
        }

        var endpoint = await this[index].WaitForLineAsync("silo: ", StartTimeout);
        string? identity = null;
        await using (var client = await ConnectAsync())
        {
            await WaitUntilAsync(
                async () =>
                {
                    var hosts = await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
                    identity = hosts.FirstOrDefault(h => h.Status == SiloStatus.Active && h.SiloAddress.Endpoint.ToString() == endpoint)?.SiloAddress.ToString();
                    return identity is not null;
                },
                StartTimeout,
                async () => $"silo{index} ({endpoint}) is not active; members: {await DescribeAsync(client)}");
        }

        return identities[index] = identity!;
    }

    /// <summary>Kills silo <paramref name="index"/> with SIGKILL.</summary>
    public void Kill(int index)
    {
        this[index].KillHard();
        gateways[index] = null;
    }

    /// <summary>Connects a client to the gateways of the running silos, with Orleans' messaging options as <paramref name="configure"/> sets them.</summary>
    public async Task<BigDLClient> ConnectAsync(Action<ClientMessagingOptions>? configure = null)
    {
        var endpoints = await BigDLClient.ParseGatewaysAsync(Gateways);
        return await BigDLClient.ConnectAsync(client => client.UseStaticClustering(endpoints).Configure(configure ?? (_ => { })), ApiKey);
    }

    /// <summary>Connects a client that finds the gateways in the cluster's store, as silos come and go, instead of being given them.</summary>
    public Task<BigDLClient> ConnectThroughStoreAsync(Action<ClientMessagingOptions>? configure = null) =>
        BigDLClient.ConnectAsync(
            client => client
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceSiloOptions.ServiceId))
                .Configure(configure ?? (_ => { }))
                .UseSqlStore(store),
            ApiKey);

    /// <summary>Waits until the membership table lists exactly <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        await using var client = await ConnectAsync();
        await WaitUntilAsync(async () => (await ActiveAsync(client)).Count == count, timeout, () => DescribeAsync(client));
    }

    /// <summary>Gets the addresses of the silos the table lists as Active.</summary>
    public static async Task<IReadOnlyList<string>> ActiveAsync(IClusterClient client) =>
        (await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true)).Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress.ToString()).ToList();

    /// <summary>Gets every row of the membership table (name, address, status), for failure messages.</summary>
    public static async Task<string> DescribeAsync(IClusterClient client) =>
        string.Join(", ", (await client.GetGrain<IManagementGrain>(0).GetDetailedHosts()).Select(h => $"{h.SiloName} {h.SiloAddress}={h.Status}"));

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="describe"/>'s text after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is not Xunit.Sdk.XunitException)
            {
                // The cluster is settling (a silo just died or joined): ask again.
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"condition not met within {timeout}: {(describe is null ? "" : await describe())}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Runs <paramref name="scenario"/>; when it fails, writes every silo's output to the test's output first.</summary>
    public async Task ReportOnFailureAsync(Xunit.Abstractions.ITestOutputHelper output, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch
        {
            output.WriteLine(Output);
            throw;
        }
    }

    /// <summary>Gets everything every silo printed, for failure messages.</summary>
    public string Output => string.Join("\n\n", silos.Select((s, i) => $"--- silo{i} ---\n{s?.Output}"));

    public async ValueTask DisposeAsync()
    {
        // Ctrl+C first so each silo leaves the table and releases its files; SIGKILL what does not stop in time.
        foreach (var silo in silos.OfType<SiloProcess>().Where(s => !s.HasExited))
        {
            silo.Interrupt();
        }

        foreach (var silo in silos.OfType<SiloProcess>())
        {
            if (!silo.HasExited)
            {
                await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }

            silo.Dispose();
        }
    }
}
