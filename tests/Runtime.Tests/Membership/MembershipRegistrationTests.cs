using BigDL.Orleans.Membership;
using BigDL.Orleans.Runtime.Tests.Storage;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Runtime.Tests.Membership;

public sealed class MembershipRegistrationTests
{
    [Theory]
    [InlineData("memory", typeof(InMemoryMembershipTable))]
    [InlineData("Host=db.example;Database=bigdl", typeof(PostgreSqlMembershipTable))]
    [InlineData("cluster.db", typeof(SqliteMembershipTable))]
    public void The_connection_string_picks_the_table_and_the_cluster_id_scopes_it(string connectionString, Type expected)
    {
        using var services = new ServiceCollection()
            .AddMembershipTable(StorageConnection.Detect(connectionString), "prod")
            .BuildServiceProvider();

        var table = services.GetRequiredService<IMembershipTable>();

        Assert.IsType(expected, table);
        Assert.Equal("prod", table.ClusterId);
        Assert.Single(services.GetServices<IStorageInitializer>());
    }

    [Fact]
    public async Task Silos_given_one_in_memory_table_share_their_rows()
    {
        var shared = new InMemoryMembershipTable("demo");
        using var first = new ServiceCollection().AddInMemoryMembershipTable(shared).BuildServiceProvider();
        using var second = new ServiceCollection().AddInMemoryMembershipTable(shared).BuildServiceProvider();
        await first.GetRequiredService<IStorageInitializer>().InitializeAsync(CancellationToken.None);
        var version = (await first.GetRequiredService<IMembershipTable>().ReadAllAsync()).Version;

        var entry = new MembershipEntry { SiloAddress = new SiloAddress("h", 1, 1), Status = SiloStatus.Joining };
        Assert.True(await first.GetRequiredService<IMembershipTable>().InsertRowAsync(entry, version.Next()));

        Assert.Equal(entry, Assert.Single((await second.GetRequiredService<IMembershipTable>().ReadAllAsync()).Members).Entry);
    }

    [Fact]
    public void The_first_membership_table_registered_wins()
    {
        using var services = new ServiceCollection()
            .AddInMemoryMembershipTable(new InMemoryMembershipTable("a"))
            .AddSqliteMembershipTable("a", o => o.ConnectionString = "unused.db")
            .BuildServiceProvider();

        Assert.IsType<InMemoryMembershipTable>(services.GetRequiredService<IMembershipTable>());
        Assert.Single(services.GetServices<IStorageInitializer>());
    }

    [Fact]
    public void Invalid_options_fail_when_the_table_is_resolved_with_a_clear_message()
    {
        using var services = new ServiceCollection()
            .AddPostgreSqlMembershipTable("a", o => o.ConnectionString = "")
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IMembershipTable>());

        Assert.Contains("ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_the_initializer_creates_the_sqlite_tables_and_the_clusters_version_row()
    {
        var database = new SqliteTestDatabase();
        try
        {
            await using var services = new ServiceCollection()
                .AddSqliteMembershipTable("prod", o => o.ConnectionString = database.FilePath)
                .BuildServiceProvider();

            await services.GetRequiredService<IStorageInitializer>().InitializeAsync(CancellationToken.None);

            Assert.Equal(0L, await database.ScalarAsync("SELECT version FROM bigdl_membership_version WHERE cluster_id = 'prod'"));
            Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM bigdl_membership"));
        }
        finally
        {
            database.Delete();
        }
    }
}
