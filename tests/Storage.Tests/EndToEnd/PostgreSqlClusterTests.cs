using BigDL.Storage.Clustering;
using BigDL.Storage.Tests.Fixtures;
using BigDL.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Storage.Tests.EndToEnd;

/// <summary>Real silos sharing a PostgreSQL database for membership, and a client finding them there.</summary>
public sealed class PostgreSqlClusterTests(PostgreSqlStoreFixture fixture) : IClassFixture<PostgreSqlStoreFixture>
{
    [Fact]
    public async Task Two_silos_join_through_postgresql_membership_and_a_client_reaches_them()
    {
        var clusterId = Entries.NewId("e2e-pg");
        var first = await Silos.StartSiloAsync(fixture.Store, clusterId, "first");
        var second = await Silos.StartSiloAsync(fixture.Store, clusterId, "second");
        try
        {
            var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            await Eventually.Until(async () => (await management.GetHosts(onlyActive: true)).Count == 2, "both silos active in the cluster's view", TimeSpan.FromMinutes(2));
            var table = new SqlMembershipTable(fixture.Open(), clusterId, NullLogger<SqlMembershipTable>.Instance);
            Assert.Equal(2, (await table.ReadAll()).Members.Count(m => m.Item1.Status == SiloStatus.Active));

            var client = await Silos.StartClientAsync(fixture.Store, clusterId);
            Assert.Equal(1, await client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>(Entries.NewId("c")).Increment());
            await Silos.StopAsync(client);
        }
        finally
        {
            await Silos.StopAsync(second);
            await Silos.StopAsync(first);
        }
    }
}
