using System.Diagnostics;
using Npgsql;
using Xunit;

namespace BigDL.TestHost;

/// <summary>
/// A throw-away database on the PostgreSQL server BIGDL_TEST_POSTGRES names (scripts/test.sh starts one), or on a server
/// started here with scripts/start-postgres.sh and stopped afterwards; without either, the tests that use it fail with
/// the reason instead of being skipped. Part of the shared test host (tests/TestHost).
/// </summary>
public abstract class PostgresTestDatabase(string prefix, bool pooling = true) : IAsyncLifetime
{
    readonly string database = $"bigdl_{prefix}_{Guid.NewGuid():N}";
    string? stateFile;
    string server = string.Empty;

    /// <summary>Gets the connection string of the database made for this fixture.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("BIGDL_TEST_POSTGRES");
        server = string.IsNullOrWhiteSpace(configured) ? await StartServerAsync() : configured.Trim();
        await ExecuteAsync(server, $"CREATE DATABASE \"{database}\""); // a fixed prefix and a Guid
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = pooling }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (stateFile is not null)
        {
            await RunScriptAsync("stop-postgres.sh");
        }
        else if (server.Length > 0)
        {
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>Runs <paramref name="sql"/> in this fixture's database.</summary>
    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // test-made statements
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }

    async Task<string> StartServerAsync()
    {
        stateFile = Path.Combine(Path.GetTempPath(), $"bigdl-pg-{prefix}-tests-{Environment.ProcessId}-{Guid.NewGuid():N}.state");
        var (exitCode, output, errors) = await RunScriptAsync("start-postgres.sh");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exitCode != 0 || string.IsNullOrEmpty(line))
        {
            stateFile = File.Exists(stateFile) ? stateFile : null;
            throw new InvalidOperationException($"PostgreSQL tests cannot run: BIGDL_TEST_POSTGRES is not set and scripts/start-postgres.sh failed (exit code {exitCode}).\n{errors}");
        }

        return line;
    }

    async Task<(int ExitCode, string Output, string Errors)> RunScriptAsync(string script)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BigDL.Orleans.sln")))
        {
            root = root.Parent;
        }

        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(root?.FullName ?? throw new InvalidOperationException("no BigDL.Orleans.sln above the tests"), "scripts", script) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BIGDL_PG_STATE_FILE"] = stateFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start bash for scripts/{script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
