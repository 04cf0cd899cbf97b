using BigDL.Orleans.Membership;
using BigDL.Orleans.Runtime.Tests.Fixtures;
using BigDL.Orleans.Runtime.Tests.Storage;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BigDL.Orleans.Runtime.Tests.Membership;

/// <summary>Runs the membership table contract against <see cref="PostgreSqlMembershipTable"/>, plus PostgreSQL-only behaviour.</summary>
[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlMembershipTableTests(PostgreSqlFixture postgres) : MembershipTableContractTests
{
    string connectionString = string.Empty;

    public override async Task InitializeAsync()
    {
        connectionString = await postgres.GetDatabaseAsync("membership");
        await base.InitializeAsync();
    }

    protected override Task<IMembershipTable> CreateTableAsync(string clusterId) => Task.FromResult<IMembershipTable>(Create(clusterId, connectionString));

    static PostgreSqlMembershipTable Create(string clusterId, string connectionString, bool initializeSchema = true) => new(
        clusterId, new PostgreSqlStorageOptions { ConnectionString = connectionString, InitializeSchema = initializeSchema }, NullLogger<PostgreSqlMembershipTable>.Instance);

    [Fact]
    public async Task A_missing_table_with_InitializeSchema_false_throws_StorageSchemaException_naming_table_and_database()
    {
        var empty = await postgres.CreateDatabaseAsync("no_membership");
        await using var table = Create(ClusterId, empty, initializeSchema: false);

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => table.InitializeAsync(CancellationToken.None));

        Assert.Equal("bigdl_membership_version", error.Table);
        Assert.Contains(new NpgsqlConnectionStringBuilder(empty).Database!, error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(PostgreSqlMembershipSchema), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_dropped_while_silos_run_gives_StorageSchemaException_naming_it()
    {
        var own = await postgres.CreateDatabaseAsync("dropped_membership");
        await using var table = Create(ClusterId, own);
        await table.InitializeAsync(CancellationToken.None);
        await PostgreSqlTestDatabase.ExecuteAsync(own, "DROP TABLE bigdl_membership_version");

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => table.ReadAllAsync());

        Assert.Equal("bigdl_membership_version", error.Table);
        Assert.Contains(nameof(PostgreSqlMembershipSchema), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_are_stored_as_timestamptz_to_the_microsecond()
    {
        await InsertAsync(Entry(Address(11111)));

        var stored = await PostgreSqlTestDatabase.ScalarAsync(connectionString, "SELECT start_time FROM bigdl_membership WHERE cluster_id = @c", ("c", ClusterId));

        Assert.Equal(Start, Assert.IsType<DateTime>(stored));
    }
}
