using BigDL.Orleans.Reminders;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Runtime.Tests.Storage;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void Grain_storages_are_keyed_by_name()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bigdl-tests", Guid.NewGuid().ToString("N"));
        using var services = new ServiceCollection()
            .AddMemoryGrainStorage()
            .AddSqliteGrainStorage("durable", o => o.ConnectionString = Path.Combine(folder, "a.db"))
            .BuildServiceProvider();

        Assert.IsType<MemoryGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.IsType<SqliteGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("durable"));
        Assert.Same(services.GetRequiredKeyedService<IGrainStorage>("durable"), services.GetRequiredKeyedService<IGrainStorage>("durable"));
    }

    [Fact]
    public void Registering_a_name_again_replaces_the_provider_and_keeps_one_initializer()
    {
        using var services = new ServiceCollection()
            .AddSqliteGrainStorage("Default", o => o.ConnectionString = "unused.db")
            .AddMemoryGrainStorage("Default")
            .BuildServiceProvider();

        Assert.IsType<MemoryGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.Single(services.GetServices<IStorageInitializer>());
    }

    [Fact]
    public void Invalid_options_fail_when_the_provider_is_resolved_with_a_clear_message()
    {
        using var services = new ServiceCollection()
            .AddPostgreSqlGrainStorage("cluster", o => o.ConnectionString = "")
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredKeyedService<IGrainStorage>("cluster"));

        Assert.Contains("PostgreSQL storage 'cluster': ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_reminder_table_registered_wins()
    {
        using var services = new ServiceCollection()
            .AddMemoryReminderTable()
            .AddSqliteReminderTable(o => o.ConnectionString = "unused.db")
            .BuildServiceProvider();

        Assert.IsType<InMemoryReminderTable>(services.GetRequiredService<IReminderTable>());
    }

    [Fact]
    public async Task Running_the_initializers_creates_the_sqlite_tables_of_storage_and_reminders()
    {
        var database = new SqliteTestDatabase();
        try
        {
            await using var services = new ServiceCollection()
                .AddGrainStorage(StorageConnection.Detect(database.FilePath))
                .AddReminderTable(StorageConnection.Detect(database.FilePath))
                .BuildServiceProvider();

            var initializers = services.GetServices<IStorageInitializer>().ToList();
            foreach (var initializer in initializers)
            {
                await initializer.InitializeAsync(CancellationToken.None);
            }

            Assert.Equal(2, initializers.Count);
            Assert.Equal(2L, await database.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('bigdl_grain_state', 'bigdl_reminders')"));
            Assert.IsType<SqliteReminderTable>(services.GetRequiredService<IReminderTable>());
        }
        finally
        {
            database.Delete();
        }
    }

    [Fact]
    public void A_memory_connection_registers_memory_storage_and_reminders()
    {
        using var services = new ServiceCollection()
            .AddGrainStorage(StorageConnection.Detect("memory"), "state")
            .AddReminderTable(StorageConnection.Detect("memory"))
            .BuildServiceProvider();

        Assert.IsType<MemoryGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("state"));
        Assert.IsType<InMemoryReminderTable>(services.GetRequiredService<IReminderTable>());
    }
}
