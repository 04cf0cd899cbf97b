using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>Runs the grain storage contract against <see cref="SqliteGrainStorage"/> on a temporary file, plus SQLite-only behaviour.</summary>
public sealed class SqliteGrainStorageTests : DurableGrainStorageContractTests
{
    readonly SqliteTestDatabase database = new();

    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(Create(initializeSchema: true));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        database.Delete();
    }

    SqliteGrainStorage Create(bool initializeSchema, string? connectionString = null) => new(
        "test",
        new SqliteStorageOptions { ConnectionString = connectionString ?? database.FilePath, InitializeSchema = initializeSchema },
        NullLogger<SqliteGrainStorage>.Instance);

    [Fact]
    public async Task The_file_is_created_in_a_missing_folder_and_opened_in_wal_mode()
    {
        await WriteNewAsync(NewGrainId(), 1);

        Assert.True(File.Exists(database.FilePath));
        Assert.Equal("wal", await database.ScalarAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_sqlite_connection_string_works_as_well_as_a_plain_path()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 12);

        var viaConnectionString = Create(initializeSchema: false, $"Data Source={database.FilePath};Cache=Shared");

        Assert.Equal(12, (await ReadAsync(grainId, viaConnectionString)).State.Value);
    }

    [Fact]
    public async Task A_missing_table_with_InitializeSchema_false_throws_StorageSchemaException_naming_table_and_file()
    {
        var other = new SqliteTestDatabase();
        try
        {
            var storage = Create(initializeSchema: false, other.FilePath);

            var atStartup = await Assert.ThrowsAsync<StorageSchemaException>(() => storage.InitializeAsync(CancellationToken.None));
            var onRead = await Assert.ThrowsAsync<StorageSchemaException>(() => ReadAsync(NewGrainId(), storage));

            foreach (var error in new[] { atStartup, onRead })
            {
                Assert.Contains("bigdl_grain_state", error.Message, StringComparison.Ordinal);
                Assert.Contains(other.FilePath, error.Message, StringComparison.Ordinal);
                Assert.Contains("InitializeSchema", error.Message, StringComparison.Ordinal);
                Assert.Equal("bigdl_grain_state", error.Table);
            }
        }
        finally
        {
            other.Delete();
        }
    }

    [Fact]
    public async Task A_table_dropped_while_running_gives_StorageSchemaException_on_the_next_operation()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 1);
        await database.ExecuteAsync("DROP TABLE bigdl_grain_state");

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => Storage.WriteStateAsync(StateName, grainId, state));

        Assert.Contains("'bigdl_grain_state' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains(database.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"Value\": \"not a number\"}")]
    public async Task A_corrupt_payload_throws_CorruptStateException_naming_the_grain_and_changes_nothing(string garbage)
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 1);
        await database.ExecuteAsync("UPDATE bigdl_grain_state SET payload = $p WHERE grain_key = $k", ("$p", garbage), ("$k", grainId.Key));

        var error = await Assert.ThrowsAsync<CorruptStateException>(() => ReadAsync(grainId));

        Assert.Contains(grainId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{StateName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("bigdl_grain_state", error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(CounterState).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Equal(state.ETag, error.StoredETag);
        Assert.Equal(garbage, await database.ScalarAsync("SELECT payload FROM bigdl_grain_state WHERE grain_key = $k", ("$k", grainId.Key)));
        Assert.Equal(state.ETag, await database.ScalarAsync("SELECT etag FROM bigdl_grain_state WHERE grain_key = $k", ("$k", grainId.Key)));
    }

    [Fact]
    public async Task A_corrupt_state_can_be_cleared_with_the_etag_the_exception_reports()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 1);
        await database.ExecuteAsync("UPDATE bigdl_grain_state SET payload = 'garbage' WHERE grain_key = $k", ("$k", grainId.Key));
        var error = await Assert.ThrowsAsync<CorruptStateException>(() => ReadAsync(grainId));

        await Storage.ClearStateAsync(StateName, grainId, new GrainState<CounterState>(null, error.StoredETag));

        Assert.False((await ReadAsync(grainId)).RecordExists);
    }

    [Fact]
    public async Task A_file_that_cannot_be_opened_gives_StorageUnavailableException_naming_it()
    {
        // A folder where the file should be: SQLite cannot open it as a database.
        var folderInTheWay = Path.Combine(database.Folder, "in-the-way.db");
        Directory.CreateDirectory(folderInTheWay);
        var storage = Create(initializeSchema: true, folderInTheWay);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.InitializeAsync(CancellationToken.None));

        Assert.Contains(folderInTheWay, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_providers_on_one_file_see_each_others_writes_and_etags()
    {
        var grainId = NewGrainId();
        var second = Create(initializeSchema: true);
        var viaFirst = await WriteNewAsync(grainId, 1);

        var viaSecond = await ReadAsync(grainId, second);
        viaSecond.State.Value = 2;
        await second.WriteStateAsync(StateName, grainId, viaSecond);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grainId, viaFirst));
        Assert.Equal(2, (await ReadAsync(grainId)).State.Value);
    }
}
