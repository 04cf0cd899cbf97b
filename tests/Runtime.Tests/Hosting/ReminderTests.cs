using BigDL.Orleans.Hosting;
using BigDL.Orleans.Runtime.Tests.Grains;
using Microsoft.Data.Sqlite;

namespace BigDL.Orleans.Runtime.Tests.Hosting;

public sealed class ReminderTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("bigdl-reminders-").FullName;

    string DatabasePath => Path.Combine(folder, "silo.db");

    [Fact]
    public async Task A_reminder_registered_before_a_silo_restart_fires_after_it()
    {
        var key = Guid.NewGuid().ToString("N");
        GrainId id;
        await using (var first = await TestSilo.StartAsync(Fast))
        {
            var grain = first.Client.GetGrain<IReminderGrain>(key);
            id = grain.GetGrainId();
            await grain.Register("checkpoint", dueTime: TimeSpan.FromSeconds(1), period: TimeSpan.FromSeconds(1));
        }

        var before = ReminderLog.Count(id);
        await using var second = await TestSilo.StartAsync(Fast);

        await Eventually.TrueAsync(() => ReminderLog.Count(id) > before, "the reminder ticked on the restarted silo");
        Assert.Equal(["checkpoint"], await second.Client.GetGrain<IReminderGrain>(key).List());
    }

    [Fact]
    public async Task An_unregistered_reminder_stops_ticking_and_is_gone_after_restart()
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var silo = await TestSilo.StartAsync(Fast))
        {
            var grain = silo.Client.GetGrain<IReminderGrain>(key);
            await grain.Register("a", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
            await grain.Register("b", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
            await grain.Unregister("a");
        }

        await using var restarted = await TestSilo.StartAsync(Fast);
        Assert.Equal(["b"], await restarted.Client.GetGrain<IReminderGrain>(key).List());
    }

    [Fact]
    public async Task A_reminder_due_months_ahead_is_accepted_and_kept()
    {
        await using var silo = await TestSilo.StartAsync(o => o.Storage = DatabasePath);
        var grain = silo.Client.GetGrain<IReminderGrain>(Guid.NewGuid().ToString("N"));

        // 120 days is past System.Threading.Timer's limit of about 49.7 days, so the silo must wait in capped steps.
        await grain.Register("yearly", TimeSpan.FromDays(120), TimeSpan.FromDays(365));

        Assert.Equal(["yearly"], await grain.List());
        Assert.Equal(0, ReminderLog.Count(grain.GetGrainId()));
    }

    [Fact]
    public async Task A_reminder_period_below_the_minimum_is_refused_with_the_setting_to_change()
    {
        await using var silo = await TestSilo.StartAsync(o => o.Storage = DatabasePath);
        var grain = silo.Client.GetGrain<IReminderGrain>(Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Register("fast", TimeSpan.Zero, TimeSpan.FromSeconds(1)));

        Assert.Contains("MinimumReminderPeriod", error.Message);
        Assert.Empty(await grain.List());
    }

    void Fast(SiloOptions o)
    {
        o.Storage = DatabasePath;
        o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
