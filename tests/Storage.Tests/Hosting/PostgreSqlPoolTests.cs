using BigDL.Storage.PostgreSql;
using BigDL.Storage.Sql;
using BigDL.Storage.Tests.Fixtures;
using BigDL.TestHost;
using Npgsql;

namespace BigDL.Storage.Tests.Hosting;

/// <summary>How many server connections one silo's PostgreSQL store may hold: few enough that many silos fit a default server.</summary>
public sealed class PostgreSqlPoolTests(PostgreSqlStoreFixture fixture) : IClassFixture<PostgreSqlStoreFixture>
{
    [Fact]
    public async Task A_store_without_a_pool_size_holds_at_most_twenty_connections_even_under_a_hundred_concurrent_writes()
    {
        await using var store = (PostgreSqlStore)fixture.Open();
        Assert.Equal(20, store.MaxPoolSize);

        var database = new NpgsqlConnectionStringBuilder(fixture.Store).Database;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A hundred callers each hold a connection until the gate opens: only the pool's cap of them get one.
        var holders = Enumerable.Range(0, 100).Select(_ => store.RunAsync(async _ => { await gate.Task; return true; })).ToList();
        try
        {
            await Eventually.MatchesAsync(() => OpenConnectionsAsync(database), open => open >= 20, "twenty connections open");
            for (var sample = 0; sample < 5; sample++)
            {
                Assert.Equal(20, await OpenConnectionsAsync(database));
            }
        }
        finally
        {
            gate.SetResult();
            await Task.WhenAll(holders);
        }
    }

    async Task<int> OpenConnectionsAsync(string? database)
    {
        await using var connection = new NpgsqlConnection(fixture.Store + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND application_name = 'BigDL.Orleans'", connection);
        command.Parameters.AddWithValue("db", database ?? "");
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("Maximum Pool Size=5", 5)]
    [InlineData("maximum pool size=7", 7)]
    [InlineData("MaxPoolSize=64", 64)]
    public async Task A_pool_size_the_store_string_names_is_kept(string setting, int expected)
    {
        await using var store = (PostgreSqlStore)StoreLocation.Parse($"{fixture.Store};{setting}").Open(createSchema: false, TimeSpan.FromSeconds(60));

        Assert.Equal(expected, store.MaxPoolSize);
    }
}
