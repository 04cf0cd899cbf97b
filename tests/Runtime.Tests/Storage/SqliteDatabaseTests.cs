using System.Globalization;
using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>The connection settings that let silo processes on one host share a SQLite file.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    readonly SqliteTestDatabase file = new();

    public void Dispose() => file.Delete();

    [Fact]
    public async Task Every_connection_waits_for_locks_for_the_configured_busy_timeout_and_uses_wal()
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = file.FilePath, BusyTimeout = TimeSpan.FromSeconds(12) });

        var (busyTimeout, journalMode) = await database.RunAsync("none", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";
            var timeout = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            command.CommandText = "PRAGMA journal_mode";
            return (timeout, (string?)await command.ExecuteScalarAsync());
        });

        Assert.Equal(12_000, busyTimeout);
        Assert.Equal("wal", journalMode);
    }

    [Fact]
    public void A_relative_path_is_made_absolute_so_every_process_in_the_folder_shares_one_file()
    {
        var database = new SqliteDatabase(new SqliteStorageOptions { ConnectionString = "state/bigdl.db" });

        Assert.Contains(Path.GetFullPath("state/bigdl.db"), database.Description, StringComparison.Ordinal);
    }
}
