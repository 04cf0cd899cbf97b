using System.Diagnostics;
using Npgsql;

namespace BigDL.Compute.Tests.Data;

/// <summary>A PostgreSQL server for the data tests: the one named by BIGDL_TEST_POSTGRES, or a throw-away one from scripts/start-postgres.sh.</summary>
/// <remarks>Without a server the fixture throws, so the collection's tests fail with the reason instead of being skipped.</remarks>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    /// <summary>The environment variable naming a server (an Npgsql connection string) that may CREATE DATABASE.</summary>
    public const string EnvironmentVariable = "BIGDL_TEST_POSTGRES";

    string? stateFile;
    string? database;

    /// <summary>Gets the connection string of a database made for this test run.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var server = string.IsNullOrWhiteSpace(configured) ? await StartServerAsync() : configured.Trim();
        database = $"bigdl_data_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            // Identifiers cannot be parameters; the name is a fixed prefix and a Guid.
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        ServerConnectionString = server;
    }

    string ServerConnectionString { get; set; } = string.Empty;

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (stateFile is not null)
        {
            await RunScriptAsync("stop-postgres.sh"); // the server goes away with its databases
            return;
        }

        if (database is not null && ServerConnectionString.Length > 0)
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    async Task<string> StartServerAsync()
    {
        stateFile = Path.Combine(Path.GetTempPath(), $"bigdl-pg-data-tests-{Environment.ProcessId}-{Guid.NewGuid():N}.state");
        var (exitCode, output, errors) = await RunScriptAsync("start-postgres.sh");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exitCode != 0 || string.IsNullOrEmpty(line))
        {
            stateFile = File.Exists(stateFile) ? stateFile : null;
            throw new InvalidOperationException(
                $"PostgreSQL tests cannot run: {EnvironmentVariable} is not set and scripts/start-postgres.sh failed (exit code {exitCode}).\n{errors}");
        }

        return line;
    }

    async Task<(int ExitCode, string Output, string Errors)> RunScriptAsync(string script)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepositoryRoot(), "scripts", script) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["BIGDL_PG_STATE_FILE"] = stateFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start bash for scripts/{script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/{script} did not finish within 2 minutes.\n{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BigDL.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no BigDL.Orleans.sln above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollectionDefinition : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "Data PostgreSQL";
}
