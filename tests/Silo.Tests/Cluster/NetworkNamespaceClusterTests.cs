using System.Net;
using BigDL.Grains;
using BigDL.Silo.Tests.Grains;
using Npgsql;
using Xunit.Abstractions;

namespace BigDL.Silo.Tests.Cluster;

/// <summary>Runs only where network namespaces can be made: as root, with iproute2's <c>ip</c> (CI runs as root).</summary>
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute() => Skip = NetworkNamespaces.Unavailable();
}

/// <summary>
/// Two <c>bigdl silo</c> processes in separate network namespaces, as on two hosts: each listens on and advertises its own
/// non-loopback address, membership lives in PostgreSQL reached over the network, and a client outside reaches both
/// through a gateway with the API key.
/// </summary>
public sealed class NetworkNamespaceClusterTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>, IDisposable
{
    // Each namespace has ports of its own, so both silos take the same fixed ones, as on two hosts.
    const int SiloPort = 11111;
    const int GatewayPort = 30000;

    readonly string folder = Directory.CreateTempSubdirectory("bigdl-netns-").FullName;

    [NetworkNamespaceFact]
    public async Task Silos_in_two_network_namespaces_form_a_cluster_on_their_own_addresses_and_refuse_another_secret()
    {
        using var network = NetworkNamespaces.Create(2);

        // The test PostgreSQL listens on loopback only; the silos reach it at the bridge address, as a database server on the network.
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var forwarder = TcpForwarder.Start(network.Host, new IPEndPoint(IPAddress.Loopback, server.Port));
        server.Host = forwarder.Endpoint.Address.ToString();
        server.Port = forwarder.Endpoint.Port;
        var store = server.ConnectionString;

        var clusterId = Hosting.ServiceSiloOptions.DefaultClusterId; // the one clients name; the database is this test's own
        var silos = new List<SiloProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                silos.Add(Start(network, i, clusterId, store, $"ns{i}", ProcessCluster.Secret, SiloPort, GatewayPort));
            }

            var expected = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var endpoint = $"{network.AddressOf(i)}:{SiloPort}";
                Assert.Equal(endpoint, await silos[i].WaitForLineAsync("silo: ", ProcessCluster.StartTimeout));
                Assert.Equal($"{network.AddressOf(i)}:{GatewayPort}", await silos[i].WaitForLineAsync("gateway: ", ProcessCluster.StartTimeout));
                expected.Add(endpoint);
            }

            // A client in this namespace, given one silo's gateway: both silos Active, on their namespace addresses.
            await using var client = await BigDLClient.ConnectAsync($"{network.AddressOf(0)}:{GatewayPort}", ProcessCluster.ApiKey);
            IReadOnlyList<MembershipEntry> active = [];
            await ProcessCluster.WaitUntilAsync(
                async () => (active = await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true)).Count(h => h.Status == SiloStatus.Active) == 2,
                ProcessCluster.StartTimeout,
                () => ProcessCluster.DescribeAsync(client));
            Assert.Equal(expected.Order(), active.Select(h => h.SiloAddress.Endpoint.ToString()).Order());
            Assert.All(active, h => Assert.False(IPAddress.IsLoopback(h.SiloAddress.Endpoint.Address), $"{h.SiloAddress} is a loopback address"));

            // Grains on both silos answer through the one gateway (40 random placements all on one of two silos: 2 * 2^-40).
            var served = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetGrain<ICounterGrain>($"netns-{i}").Add(1)));
            Assert.All(served, s => Assert.Equal(1, s.Count));
            Assert.Equal(active.Select(h => h.SiloAddress.ToString()).Order(), served.Select(s => s.Silo).Distinct().Order());

            // A silo with another secret, in the second namespace beside the silo there: refused, it exits saying why.
            using var intruder = Start(network, 1, clusterId, store, "intruder", "not-this-clusters-secret-0123456789", SiloPort + 1, GatewayPort + 1);
            Assert.True(await intruder.WaitForExitAsync(ProcessCluster.StartTimeout), "a silo with another cluster secret kept running:\n" + intruder.Output);
            Assert.Equal(1, intruder.ExitCode);
            Assert.Contains("refused this silo", intruder.Output);
            Assert.DoesNotContain("not-this-clusters-secret", intruder.Output);

            // The cluster is untouched: the two silos still active and serving.
            await ProcessCluster.WaitUntilAsync(
                async () => (await ProcessCluster.ActiveAsync(client)).Count == 2,
                TimeSpan.FromSeconds(60),
                () => ProcessCluster.DescribeAsync(client));
            var again = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.GetGrain<ICounterGrain>($"netns-{i}").Add(1)));
            Assert.All(again, s => Assert.Equal(2, s.Count));
        }
        catch
        {
            output.WriteLine(string.Join("\n\n", silos.Select((s, i) => $"--- ns{i} ---\n{s.Output}")));
            throw;
        }
        finally
        {
            foreach (var silo in silos.Where(s => !s.HasExited))
            {
                silo.Interrupt();
            }

            foreach (var silo in silos)
            {
                await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
                silo.Dispose();
            }
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    SiloProcess Start(NetworkNamespaces network, int index, string clusterId, string store, string name, string secret, int port, int gatewayPort)
    {
        var address = network.AddressOf(index).ToString();
        var workingFolder = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        return SiloProcess.StartIn(
            network.Names[index],
            workingFolder,
            new Dictionary<string, string> { ["BIGDL_CLUSTER_SECRET"] = secret, ["BIGDL_API_KEY"] = ProcessCluster.ApiKey },
            "silo", "--store", store, "--cluster-id", clusterId, "--name", name,
            "--listen", address, "--advertise", address,
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gateway-port", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--dashboard-port", "0",
            "--grain-assembly", typeof(ProcessCluster).Assembly.Location);
    }
}
