using BigDL.Storage.Clustering;
using BigDL.Storage.Tests.Fixtures;
using BigDL.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Storage.Tests.EndToEnd;

/// <summary>Real silos on one SQLite file: membership, gateway discovery, grain state and reminders across restarts.</summary>
public sealed class SqliteClusterTests : IDisposable
{
    static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    readonly SqliteStoreFixture store = new();
    readonly string clusterId = Entries.NewId("e2e");

    public void Dispose() => store.Dispose();

    [Fact]
    public async Task Two_silos_join_through_sqlite_membership_and_both_show_active()
    {
        var first = await Silos.StartSiloAsync(store.Store, clusterId, "first");
        var second = await Silos.StartSiloAsync(store.Store, clusterId, "second");
        try
        {
            var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            await Eventually.Until(async () => (await management.GetHosts(onlyActive: true)).Count == 2, "both silos active in the cluster's view", Generous);

            var table = new SqlMembershipTable(store.Open(), clusterId, NullLogger<SqlMembershipTable>.Instance);
            var rows = (await table.ReadAll()).Members.Select(m => m.Item1).ToList();
            Assert.Equal(["first", "second"], rows.Select(r => r.SiloName).Order());
            Assert.All(rows, r => Assert.Equal(SiloStatus.Active, r.Status));
        }
        finally
        {
            await Silos.StopAsync(second);
            await Silos.StopAsync(first);
        }
    }

    [Fact]
    public async Task A_client_finds_the_gateway_in_the_store_and_grain_state_survives_a_silo_restart()
    {
        var silo = await Silos.StartSiloAsync(store.Store, clusterId, "before");
        try
        {
            var client = await Silos.StartClientAsync(store.Store, clusterId);
            var counter = client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("c");
            Assert.Equal(1, await counter.Increment());
            Assert.Equal(2, await counter.Increment());
            await Silos.StopAsync(client);
        }
        finally
        {
            await Silos.StopAsync(silo);
        }

        var restarted = await Silos.StartSiloAsync(store.Store, clusterId, "after");
        try
        {
            var counter = restarted.Services.GetRequiredService<IGrainFactory>().GetGrain<ICounterGrain>("c");
            Assert.Equal(2, await counter.Get());
            Assert.Equal(3, await counter.Increment());
        }
        finally
        {
            await Silos.StopAsync(restarted);
        }
    }

    [Fact]
    public async Task A_reminder_registered_before_a_restart_fires_after_it()
    {
        var key = Entries.NewId("reminder");
        var silo = await Silos.StartSiloAsync(store.Store, clusterId, "registers");
        try
        {
            // Due well after the restart, so that the first tick can only come from the silo started afterwards.
            await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderTestGrain>(key).Start(TimeSpan.FromSeconds(15));
        }
        finally
        {
            await Silos.StopAsync(silo);
        }

        var restarted = await Silos.StartSiloAsync(store.Store, clusterId, "fires");
        try
        {
            await Eventually.Until(() => ReminderTestGrain.Ticks.TryGetValue(key, out var ticks) && !ticks.IsEmpty, "the reminder to tick after the restart", Generous);
            Assert.Equal(["fires"], ReminderTestGrain.Ticks[key].Distinct());
        }
        finally
        {
            await Silos.StopAsync(restarted);
        }
    }

    [Fact]
    public async Task A_silo_on_a_file_in_a_missing_folder_is_refused_before_anything_starts()
    {
        var missing = Path.Combine(store.Folder, "no-such-folder", "bigdl.db");

        var error = await Assert.ThrowsAsync<StoreException>(() => Silos.StartSiloAsync(missing, clusterId, "never"));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }
}
