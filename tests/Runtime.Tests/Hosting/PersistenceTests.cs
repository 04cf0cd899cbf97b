using BigDL.Orleans.Hosting;
using BigDL.Orleans.Runtime.Tests.Fixtures;
using BigDL.Orleans.Runtime.Tests.Grains;
using BigDL.Orleans.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Orleans.Runtime.Tests.Hosting;

public sealed class SqlitePersistenceTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-persistence-").FullName;

    string DatabasePath => Path.Combine(folder, "silo.db");

    [Fact]
    public async Task State_survives_a_silo_restart_on_sqlite()
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var first = await TestSilo.StartAsync(o => o.Storage = DatabasePath))
        {
            var grain = first.Client.GetGrain<IProgressGrain>(key);
            await grain.RecordEpoch(0.9);
            await grain.RecordEpoch(0.5);
        }

        await using var second = await TestSilo.StartAsync(o => o.Storage = DatabasePath);
        var progress = await second.Client.GetGrain<IProgressGrain>(key).Get();

        Assert.Equal(2, progress.Epoch);
        Assert.Equal([0.9, 0.5], progress.Losses);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_with_InconsistentStateException_and_keeps_the_stored_state()
    {
        var key = Guid.NewGuid().ToString("N");
        await using var silo = await TestSilo.StartAsync(o => o.Storage = DatabasePath);
        var grain = silo.Client.GetGrain<IProgressGrain>(key);
        await grain.RecordEpoch(0.9);

        // Another writer (another silo, an operator) changes the row behind the activation's back.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);
        var other = new GrainState<TrainingProgress>();
        await storage.ReadStateAsync("progress", grain.GetGrainId(), other);
        other.State.Epoch = 40;
        await storage.WriteStateAsync("progress", grain.GetGrainId(), other);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.RecordEpoch(0.1));

        var stored = new GrainState<TrainingProgress>();
        await storage.ReadStateAsync("progress", grain.GetGrainId(), stored);
        Assert.Equal(40, stored.State.Epoch);
        Assert.Equal([0.9], stored.State.Losses);
    }

    [Fact]
    public async Task A_corrupt_state_row_fails_the_call_with_a_message_naming_the_grain_and_keeps_the_row()
    {
        var key = Guid.NewGuid().ToString("N");
        await using var silo = await TestSilo.StartAsync(o => o.Storage = DatabasePath);
        var grain = silo.Client.GetGrain<IProgressGrain>(key);
        await grain.RecordEpoch(0.9);
        await silo.StopAsync();

        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE bigdl_grain_state SET payload = '{not json' WHERE grain_key = $key";
            command.Parameters.AddWithValue("$key", key);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        await using var restarted = await TestSilo.StartAsync(o => o.Storage = DatabasePath);
        var error = await Assert.ThrowsAsync<CorruptStateException>(() => restarted.Client.GetGrain<IProgressGrain>(key).Get());

        Assert.Contains(key, error.Message);
        Assert.Contains("progress", error.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlPersistenceTests(PostgreSqlFixture postgres)
{
    [Fact]
    public async Task State_survives_a_silo_restart_on_postgresql()
    {
        var connectionString = await postgres.CreateDatabaseAsync("restart");
        var key = Guid.NewGuid().ToString("N");
        await using (var first = await TestSilo.StartAsync(o => o.Storage = connectionString))
        {
            await first.Client.GetGrain<IProgressGrain>(key).RecordEpoch(0.7);
        }

        await using var second = await TestSilo.StartAsync(o => o.Storage = connectionString);
        var progress = await second.Client.GetGrain<IProgressGrain>(key).Get();

        Assert.Equal(1, progress.Epoch);
        Assert.Equal([0.7], progress.Losses);
    }

    [Fact]
    public async Task A_reminder_registered_before_a_restart_fires_after_it_on_postgresql()
    {
        var connectionString = await postgres.CreateDatabaseAsync("reminder");
        var key = Guid.NewGuid().ToString("N");
        GrainId id;
        await using (var first = await TestSilo.StartAsync(Fast(connectionString)))
        {
            var grain = first.Client.GetGrain<IReminderGrain>(key);
            id = grain.GetGrainId();
            await grain.Register("checkpoint", dueTime: TimeSpan.FromSeconds(1), period: TimeSpan.FromSeconds(1));
        }

        var before = ReminderLog.Count(id);
        await using var second = await TestSilo.StartAsync(Fast(connectionString));

        await Eventually.TrueAsync(() => ReminderLog.Count(id) > before, "the reminder ticked on the restarted silo");
    }

    static Action<SiloOptions> Fast(string storage) => o =>
    {
        o.Storage = storage;
        o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
    };
}
