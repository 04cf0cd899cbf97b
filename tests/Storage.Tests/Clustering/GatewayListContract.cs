using BigDL.Storage.Clustering;
using BigDL.Storage.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Storage.Tests.Clustering;

/// <summary>Clients find the gateways of their own cluster in the membership table, against every store.</summary>
public abstract class GatewayListContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IStoreFixture
{
    [Fact]
    public async Task Only_active_silos_of_the_clients_cluster_that_accept_clients_are_listed()
    {
        var clusterId = Entries.NewId("gateways");
        var table = new SqlMembershipTable(fixture.Open(), clusterId, NullLogger<SqlMembershipTable>.Instance);
        var other = new SqlMembershipTable(fixture.Open(), Entries.NewId("other"), NullLogger<SqlMembershipTable>.Instance);
        await table.InitializeMembershipTable(true);
        await other.InitializeMembershipTable(true);
        var active = Entries.Silo(status: SiloStatus.Active);
        var noGateway = Entries.Silo(status: SiloStatus.Active);
        noGateway.ProxyPort = 0;
        var dead = Entries.Silo(status: SiloStatus.Dead);
        foreach (var entry in new[] { active, noGateway, dead })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        Assert.True(await other.InsertRow(Entries.Silo(status: SiloStatus.Active), (await other.ReadAll()).Version.Next()));
        var provider = new SqlGatewayListProvider(fixture.Open(), clusterId, TimeSpan.FromSeconds(1), NullLogger<SqlGatewayListProvider>.Instance);
        await provider.InitializeGatewayListProvider();

        var gateways = await provider.GetGateways();

        var expected = SiloAddress.New(active.SiloAddress.Endpoint.Address, active.ProxyPort, active.SiloAddress.Generation).ToGatewayUri();
        Assert.Equal([expected], gateways);
    }

    [Fact]
    public async Task A_cluster_without_rows_lists_no_gateways()
    {
        var provider = new SqlGatewayListProvider(fixture.Open(), Entries.NewId("empty"), TimeSpan.FromSeconds(1), NullLogger<SqlGatewayListProvider>.Instance);
        await provider.InitializeGatewayListProvider();

        Assert.Empty(await provider.GetGateways());
    }
}

public sealed class SqliteGatewayListTests(SqliteStoreFixture fixture) : GatewayListContract<SqliteStoreFixture>(fixture);

public sealed class PostgreSqlGatewayListTests(PostgreSqlStoreFixture fixture) : GatewayListContract<PostgreSqlStoreFixture>(fixture);
