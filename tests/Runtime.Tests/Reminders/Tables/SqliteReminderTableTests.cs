using BigDL.Orleans.Reminders;
using BigDL.Orleans.Runtime.Tests.Storage;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Orleans.Runtime.Tests.Reminders.Tables;

/// <summary>Runs the reminder table contract against <see cref="SqliteReminderTable"/> on a temporary file, plus SQLite-only behaviour.</summary>
public sealed class SqliteReminderTableTests : DurableReminderTableContractTests
{
    readonly SqliteTestDatabase database = new();

    protected override Task<IReminderTable> CreateTableAsync() => Task.FromResult<IReminderTable>(Create(initializeSchema: true));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        database.Delete();
    }

    SqliteReminderTable Create(bool initializeSchema) =>
        new(new SqliteStorageOptions { ConnectionString = database.FilePath, InitializeSchema = initializeSchema }, NullLogger<SqliteReminderTable>.Instance);

    [Fact]
    public async Task The_grain_hash_is_stored_as_an_unsigned_value()
    {
        var grainId = NewGrainId();
        await Table.UpsertRowAsync(Entry(grainId));

        var stored = await database.ScalarAsync("SELECT grain_hash FROM bigdl_reminders WHERE grain_key = $k", ("$k", grainId.Key));

        Assert.Equal((long)grainId.GetUniformHashCode(), stored);
    }

    [Fact]
    public async Task A_dropped_table_gives_StorageSchemaException_naming_it()
    {
        await database.ExecuteAsync("DROP TABLE bigdl_reminders");

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => Table.ReadRowsAsync(0, uint.MaxValue));

        Assert.Contains("'bigdl_reminders'", error.Message, StringComparison.Ordinal);
        Assert.Contains(database.FilePath, error.Message, StringComparison.Ordinal);
    }
}
