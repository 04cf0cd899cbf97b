using BigDL.Orleans.Membership;
using BigDL.Orleans.Runtime.Tests.Storage;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Orleans.Runtime.Tests.Membership;

/// <summary>Runs the membership table contract against <see cref="SqliteMembershipTable"/> on a temporary file, plus SQLite-only behaviour.</summary>
public sealed class SqliteMembershipTableTests : MembershipTableContractTests
{
    readonly SqliteTestDatabase database = new();

    protected override Task<IMembershipTable> CreateTableAsync(string clusterId) => Task.FromResult<IMembershipTable>(Create(clusterId, database.FilePath));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        database.Delete();
    }

    static SqliteMembershipTable Create(string clusterId, string connectionString, bool initializeSchema = true) => new(
        clusterId, new SqliteStorageOptions { ConnectionString = connectionString, InitializeSchema = initializeSchema }, NullLogger<SqliteMembershipTable>.Instance);

    [Fact]
    public async Task Two_table_objects_without_connection_pooling_on_one_file_lose_no_write()
    {
        // Pooling off: every operation opens the file afresh, as two silo processes sharing the file would.
        var unpooled = $"Data Source={database.FilePath};Pooling=False";
        var silos = new[] { Create(ClusterId, unpooled), Create(ClusterId, unpooled) };
        const int updatesEach = 20;

        await Task.WhenAll(silos.Select((silo, i) => Task.Run(async () =>
        {
            await silo.InitializeAsync(CancellationToken.None);
            var address = Address(40000 + i);
            for (var done = 0; done <= updatesEach;)
            {
                var data = await silo.ReadAllAsync();
                var won = data.TryGet(address, out var entry, out var eTag)
                    ? await silo.UpdateRowAsync(entry with { GatewayPort = done }, eTag, data.Version.Next())
                    : await silo.InsertRowAsync(Entry(address) with { GatewayPort = 0 }, data.Version.Next());
                done += won ? 1 : 0;
            }
        })));

        var after = await Table.ReadAllAsync();
        Assert.Equal(2 * (1 + updatesEach), after.Version.Version);
        Assert.All(after.Members, m => Assert.Equal(updatesEach, m.Entry.GatewayPort));
        Assert.Equal(2, after.Members.Count);
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_so_silo_processes_read_while_one_writes()
    {
        await Table.ReadAllAsync();

        Assert.Equal("wal", await database.ScalarAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_missing_table_with_InitializeSchema_false_throws_StorageSchemaException_naming_it_and_the_file()
    {
        var empty = new SqliteTestDatabase();
        try
        {
            var table = Create(ClusterId, empty.FilePath, initializeSchema: false);

            var error = await Assert.ThrowsAsync<StorageSchemaException>(() => table.InitializeAsync(CancellationToken.None));

            Assert.Equal("bigdl_membership_version", error.Table);
            Assert.Contains("'bigdl_membership_version'", error.Message, StringComparison.Ordinal);
            Assert.Contains(empty.FilePath, error.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(SqliteMembershipSchema), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public async Task With_InitializeSchema_false_a_half_applied_schema_names_the_table_still_missing()
    {
        var half = new SqliteTestDatabase();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(half.FilePath)!); // the test database's folder is made by providers, not by tests
            await half.ExecuteAsync("CREATE TABLE bigdl_membership_version (cluster_id TEXT PRIMARY KEY, version INTEGER, etag TEXT)");
            var table = Create(ClusterId, half.FilePath, initializeSchema: false);

            var error = await Assert.ThrowsAsync<StorageSchemaException>(() => table.InitializeAsync(CancellationToken.None));

            Assert.Equal("bigdl_membership", error.Table);
        }
        finally
        {
            half.Delete();
        }
    }

    [Fact]
    public async Task A_table_dropped_while_silos_run_gives_StorageSchemaException_naming_it_and_the_membership_schema()
    {
        await database.ExecuteAsync("DROP TABLE bigdl_membership");

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => Table.ReadAllAsync());

        Assert.Equal("bigdl_membership", error.Table);
        Assert.Contains(nameof(SqliteMembershipSchema), error.Message, StringComparison.Ordinal);
        Assert.Contains(database.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_are_stored_as_utc_text_whose_order_is_time_order()
    {
        await InsertAsync(Entry(Address(11111)));

        var stored = await database.ScalarAsync("SELECT start_time FROM bigdl_membership WHERE cluster_id = $c", ("$c", ClusterId));

        Assert.Equal("2026-03-01T12:30:15.1234560Z", stored);
    }

    [Fact]
    public async Task A_hand_edited_unreadable_row_gives_InvalidDataException_naming_the_silo()
    {
        await InsertAsync(Entry(Address(11111)));
        await database.ExecuteAsync("UPDATE bigdl_membership SET suspect_times = 'junk' WHERE cluster_id = $c", ("$c", ClusterId));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Table.ReadAllAsync());

        Assert.Contains(Address(11111).ToString(), error.Message, StringComparison.Ordinal);
    }
}
