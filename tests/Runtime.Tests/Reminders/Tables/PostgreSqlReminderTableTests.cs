using BigDL.Orleans.Reminders;
using BigDL.Orleans.Runtime.Tests.Fixtures;
using BigDL.Orleans.Runtime.Tests.Storage;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BigDL.Orleans.Runtime.Tests.Reminders.Tables;

/// <summary>Runs the reminder table contract against <see cref="PostgreSqlReminderTable"/>, plus PostgreSQL-only behaviour.</summary>
[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlReminderTableTests(PostgreSqlFixture postgres) : DurableReminderTableContractTests
{
    string connectionString = string.Empty;

    public override async Task InitializeAsync()
    {
        connectionString = await postgres.GetDatabaseAsync("reminders");
        await base.InitializeAsync();
    }

    protected override Task<IReminderTable> CreateTableAsync() => Task.FromResult<IReminderTable>(Create(connectionString, initializeSchema: true));

    static PostgreSqlReminderTable Create(string connectionString, bool initializeSchema) =>
        new(new PostgreSqlStorageOptions { ConnectionString = connectionString, InitializeSchema = initializeSchema }, NullLogger<PostgreSqlReminderTable>.Instance);

    [Fact]
    public async Task The_grain_hash_is_stored_as_an_unsigned_value()
    {
        var grainId = NewGrainId();
        await Table.UpsertRowAsync(Entry(grainId));

        var stored = await PostgreSqlTestDatabase.ScalarAsync(connectionString, "SELECT grain_hash FROM bigdl_reminders WHERE grain_key = @k", ("k", grainId.Key));

        Assert.Equal((long)grainId.GetUniformHashCode(), stored);
    }

    [Fact]
    public async Task A_missing_table_with_InitializeSchema_false_throws_StorageSchemaException_naming_table_and_database()
    {
        var empty = await postgres.CreateDatabaseAsync("no_reminders");
        await using var table = Create(empty, initializeSchema: false);

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => table.InitializeAsync(CancellationToken.None));

        Assert.Contains("'bigdl_reminders'", error.Message, StringComparison.Ordinal);
        Assert.Contains(new NpgsqlConnectionStringBuilder(empty).Database!, error.Message, StringComparison.Ordinal);
    }
}
