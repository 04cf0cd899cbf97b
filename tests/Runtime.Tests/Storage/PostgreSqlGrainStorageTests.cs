using System.Net;
using System.Net.Sockets;
using BigDL.Orleans.Runtime.Tests.Fixtures;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>Runs the grain storage contract against <see cref="PostgreSqlGrainStorage"/>, plus PostgreSQL-only behaviour.</summary>
[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlGrainStorageTests(PostgreSqlFixture postgres) : DurableGrainStorageContractTests
{
    const string Secret = "Sup3r-Secret-Pa55word";

    string connectionString = string.Empty;

    public override async Task InitializeAsync()
    {
        // One database for the contract tests of this class; they keep apart by unique grain keys.
        connectionString = await postgres.GetDatabaseAsync("grain_storage");
        await base.InitializeAsync();
    }

    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(Create(connectionString, initializeSchema: true));

    static PostgreSqlGrainStorage Create(string connectionString, bool initializeSchema) => new(
        "test",
        new PostgreSqlStorageOptions { ConnectionString = connectionString, InitializeSchema = initializeSchema },
        NullLogger<PostgreSqlGrainStorage>.Instance);

    static string WithPassword(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Password = Secret }.ConnectionString;

    [Fact]
    public async Task A_missing_table_with_InitializeSchema_false_throws_StorageSchemaException_naming_table_and_database_but_not_the_password()
    {
        var empty = await postgres.CreateDatabaseAsync("no_schema");
        var database = new NpgsqlConnectionStringBuilder(empty).Database!;
        await using var storage = Create(WithPassword(empty), initializeSchema: false);

        var atStartup = await Assert.ThrowsAsync<StorageSchemaException>(() => storage.InitializeAsync(CancellationToken.None));
        var onWrite = await Assert.ThrowsAsync<StorageSchemaException>(() => storage.WriteStateAsync(StateName, NewGrainId(), new GrainState<CounterState>()));

        foreach (var error in new[] { atStartup, onWrite })
        {
            Assert.Contains("'bigdl_grain_state'", error.Message, StringComparison.Ordinal);
            Assert.Contains(database, error.Message, StringComparison.Ordinal);
            Assert.Contains("PostgreSqlSchema", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_table_dropped_while_running_gives_StorageSchemaException_on_the_next_operation()
    {
        var own = await postgres.CreateDatabaseAsync("dropped");
        await using var storage = Create(own, initializeSchema: true);
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Value = 1 });
        await storage.WriteStateAsync(StateName, grainId, state);
        await PostgreSqlTestDatabase.ExecuteAsync(own, "DROP TABLE bigdl_grain_state");

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => storage.ReadStateAsync(StateName, grainId, state));

        Assert.Contains("'bigdl_grain_state' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains(new NpgsqlConnectionStringBuilder(own).Database!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1, 2, 3]")]
    public async Task A_corrupt_payload_throws_CorruptStateException_naming_the_grain_and_changes_nothing(string garbage)
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(grainId, 1);
        await PostgreSqlTestDatabase.ExecuteAsync(connectionString, "UPDATE bigdl_grain_state SET payload = @p WHERE grain_key = @k", ("p", garbage), ("k", grainId.Key));

        var error = await Assert.ThrowsAsync<CorruptStateException>(() => ReadAsync(grainId));

        Assert.Contains(grainId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{StateName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("bigdl_grain_state", error.Message, StringComparison.Ordinal);
        Assert.Equal(state.ETag, error.StoredETag);
        Assert.Equal(garbage, await PostgreSqlTestDatabase.ScalarAsync(connectionString, "SELECT payload FROM bigdl_grain_state WHERE grain_key = @k", ("k", grainId.Key)));
        Assert.Equal(state.ETag, await PostgreSqlTestDatabase.ScalarAsync(connectionString, "SELECT etag FROM bigdl_grain_state WHERE grain_key = @k", ("k", grainId.Key)));
    }

    [Fact]
    public async Task An_unreachable_server_gives_StorageUnavailableException_naming_host_and_port_but_not_the_password()
    {
        var port = UnusedPort();
        await using var storage = Create($"Host=127.0.0.1;Port={port};Database=nowhere;Username=bigdl;Password={Secret};Timeout=5", initializeSchema: true);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.InitializeAsync(CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_gives_StorageUnavailableException_without_the_password()
    {
        var missing = new NpgsqlConnectionStringBuilder(connectionString) { Database = "bigdl_no_such_database", Password = Secret }.ConnectionString;
        await using var storage = Create(missing, initializeSchema: true);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => ReadAsync(NewGrainId(), storage));

        Assert.Contains("bigdl_no_such_database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_postgres_uri_works_as_the_connection_string()
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var uri = $"postgres://{builder.Username}:{Secret}@{builder.Host}:{builder.Port}/{builder.Database}";
        await using var viaUri = Create(uri, initializeSchema: false);
        var grainId = NewGrainId();
        await WriteNewAsync(grainId, 77);

        Assert.Equal(77, (await ReadAsync(grainId, viaUri)).State.Value);
    }

    [Fact]
    public async Task Two_silos_creating_the_schema_at_once_both_succeed()
    {
        var own = await postgres.CreateDatabaseAsync("race");
        var silos = Enumerable.Range(0, 4).Select(_ => Create(own, initializeSchema: true)).ToList();

        await Task.WhenAll(silos.Select(s => s.InitializeAsync(CancellationToken.None)));

        Assert.Equal(true, await PostgreSqlTestDatabase.ScalarAsync(own, "SELECT to_regclass('bigdl_grain_state') IS NOT NULL"));
        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }
    }

    static int UnusedPort()
    {
        // Bind to port 0 to get a port nothing listens on, then release it; nothing will bind it within the test.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
