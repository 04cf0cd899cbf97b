using System.Net;
using System.Net.Sockets;
using BigDL.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace BigDL.Storage.Tests.Hosting;

/// <summary>Creating a store's tables: idempotent, safe for silos starting together, and clear when the database cannot be used.</summary>
public sealed class StoreSchemaTests
{
    [Fact]
    public async Task Creating_a_sqlite_store_makes_every_table_in_wal_mode()
    {
        using var fixture = new SqliteStoreFixture();

        await StoreSchema.EnsureCreatedAsync(fixture.Store);

        await using var connection = new SqliteConnection($"Data Source={fixture.Store};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)";
        Assert.Equal("bigdl_grain_states,bigdl_reminder_entries,bigdl_silo_versions,bigdl_silos", await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Creating_again_and_concurrently_keeps_what_is_stored()
    {
        using var fixture = new SqliteStoreFixture();
        await StoreSchema.EnsureCreatedAsync(fixture.Store);
        var table = new BigDL.Storage.Clustering.SqlMembershipTable(fixture.Open(), "kept", Microsoft.Extensions.Logging.Abstractions.NullLogger<BigDL.Storage.Clustering.SqlMembershipTable>.Instance);
        await table.InitializeMembershipTable(true);
        Assert.True(await table.InsertRow(Entries.Silo(), (await table.ReadAll()).Version.Next()));

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => StoreSchema.EnsureCreatedAsync(fixture.Store))));

        Assert.Single((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task An_unreachable_postgresql_server_is_named_by_host_and_port_in_one_line_without_the_password()
    {
        var port = ClosedPort();

        var error = await Assert.ThrowsAsync<StoreException>(() =>
            StoreSchema.EnsureCreatedAsync($"Host=127.0.0.1;Port={port};Database=bigdl;Username=alice;Password=hunter2;Timeout=5"));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    static int ClosedPort()
    {
        // A port that was free a moment ago: nothing listens there once the listener stops.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
