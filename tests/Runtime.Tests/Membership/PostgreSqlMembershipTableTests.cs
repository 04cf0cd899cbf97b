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

    [Fact]
    public async Task A_write_blocked_behind_another_silos_write_returns_false_once_that_commits_even_under_a_serializable_default()
    {
        // The database defaults to SERIALIZABLE, where a blocked writer would fail with a serialization error unless the
        // table asks for READ COMMITTED, whose re-check of the version after the wait is what the protocol relies on.
        var strict = await postgres.CreateDatabaseAsync("serializable_membership");
        var name = new NpgsqlConnectionStringBuilder(strict).Database!;
        await PostgreSqlTestDatabase.ExecuteAsync(strict, $"ALTER DATABASE \"{name}\" SET default_transaction_isolation = 'serializable'");
        await using var table = Create(ClusterId, strict);
        await table.InitializeAsync(CancellationToken.None);
        var before = await table.ReadAllAsync();

        await using var rival = new NpgsqlConnection(strict);
        await rival.OpenAsync();
        await using var rivalWrite = await rival.BeginTransactionAsync();
        await using (var bump = new NpgsqlCommand("UPDATE bigdl_membership_version SET version = version + 1, etag = 'rival' WHERE cluster_id = @c", rival, rivalWrite))
        {
            bump.Parameters.AddWithValue("c", ClusterId);
            Assert.Equal(1, await bump.ExecuteNonQueryAsync());
        }

        var insert = table.InsertRowAsync(Entry(Address(11111)), before.Version.Next());
        await WaitForALockWaitAsync(strict);
        await rivalWrite.CommitAsync();

        Assert.False(await insert);
        var after = await table.ReadAllAsync();
        Assert.Equal(new TableVersion(before.Version.Version + 1, "rival"), after.Version);
        Assert.Empty(after.Members);
    }

    /// <summary>Polls until some session of the database waits for a lock, so the test knows the write is blocked (no fixed sleep).</summary>
    static async Task WaitForALockWaitAsync(string connectionString)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var waiting = await PostgreSqlTestDatabase.ScalarAsync(connectionString,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            if (Convert.ToInt64(waiting, System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return;
            }

            Assert.False(deadline.IsCancellationRequested, "The membership write never waited for the rival's row lock.");
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
