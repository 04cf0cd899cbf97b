using BigDL.Orleans.Reminders;

namespace BigDL.Orleans.Runtime.Tests.Reminders.Tables;

/// <summary>The behaviour of tables whose store outlives the table object: reminders survive a silo restart.</summary>
public abstract class DurableReminderTableContractTests : ReminderTableContractTests
{
    [Fact]
    public async Task Reminders_survive_a_new_table_instance_on_the_same_store()
    {
        var grainId = NewGrainId();
        var eTag = await Table.UpsertRowAsync(Entry(grainId));

        var restarted = await CreateTableAsync();
        try
        {
            await restarted.InitializeAsync(CancellationToken.None);
            var read = await restarted.ReadRowAsync(grainId, "tick");
            Assert.Equal(eTag, read?.ETag);
            Assert.Equal(Start, read?.StartAt);
            Assert.True(await restarted.RemoveRowAsync(grainId, "tick", eTag));
            Assert.Null(await Table.ReadRowAsync(grainId, "tick"));
        }
        finally
        {
            if (restarted is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
