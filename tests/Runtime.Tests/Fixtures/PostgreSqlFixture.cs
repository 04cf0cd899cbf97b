using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace BigDL.Orleans.Runtime.Tests.Fixtures;

/// <summary>A PostgreSQL server for the tests: the one named by BIGDL_TEST_POSTGRES, or a throw-away one started by scripts/start-postgres.sh.</summary>
/// <remarks>
/// When no server can be had the fixture throws, so every test in the collection fails with the reason: database
/// tests are never skipped silently. Tests isolate themselves with unique grain keys or a database of their own.
/// </remarks>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    /// <summary>The environment variable CI sets to an Npgsql connection string of a server the tests may create databases on.</summary>
    public const string EnvironmentVariable = "BIGDL_TEST_POSTGRES";

    static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    readonly ConcurrentDictionary<string, Lazy<Task<string>>> sharedDatabases = new();
    readonly ConcurrentBag<string> createdDatabases = [];
    string? stateFile;
    string? repositoryRoot;

    /// <summary>Gets the connection string of the server's initial database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        ConnectionString = string.IsNullOrWhiteSpace(configured) ? await StartServerAsync() : configured.Trim();
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            var source = string.IsNullOrWhiteSpace(configured) ? "the server started by scripts/start-postgres.sh" : $"the server named by {EnvironmentVariable}";
            throw new InvalidOperationException($"PostgreSQL tests cannot run: {source} ({Describe(ConnectionString)}) does not accept connections: {e.Message}", e);
        }
    }

    /// <summary>Returns a connection string for a database made once per <paramref name="name"/> for this test run (shared by the tests asking for that name).</summary>
    public Task<string> GetDatabaseAsync(string name) =>
        sharedDatabases.GetOrAdd(name, n => new Lazy<Task<string>>(() => CreateDatabaseAsync(n))).Value;

    /// <summary>Creates a new, empty database whose name starts with <paramref name="prefix"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var database = $"bigdl_{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        database = database.Length <= 63 ? database : database[^63..]; // PostgreSQL's identifier limit; the Guid end stays
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            // Identifiers cannot be parameters; the name is built from a prefix the tests choose and a Guid.
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException e)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a role that may CREATE DATABASE on {Describe(ConnectionString)}: {e.MessageText} (SQLSTATE {e.SqlState}).", e);
        }

        createdDatabases.Add(database);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (stateFile is null)
        {
            await DropCreatedDatabasesAsync();
            return;
        }

        // A server this fixture started goes away with all its databases.
        await RunScriptAsync("stop-postgres.sh");
    }

    async Task DropCreatedDatabasesAsync()
    {
        if (createdDatabases.IsEmpty)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var database in createdDatabases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    async Task<string> StartServerAsync()
    {
        stateFile = Path.Combine(Path.GetTempPath(), $"bigdl-pg-tests-{Environment.ProcessId}-{Guid.NewGuid():N}.state");
        var (exitCode, output, errors) = await RunScriptAsync("start-postgres.sh");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exitCode != 0 || string.IsNullOrEmpty(line))
        {
            stateFile = File.Exists(stateFile) ? stateFile : null;
            throw new InvalidOperationException(
                $"PostgreSQL tests cannot run: {EnvironmentVariable} is not set and scripts/start-postgres.sh failed (exit code {exitCode}). " +
                $"Set {EnvironmentVariable} to a connection string, or run the tests as root on a machine with PostgreSQL installed.\n{errors}");
        }

        return line;
    }

    async Task<(int ExitCode, string Output, string Errors)> RunScriptAsync(string script)
    {
        repositoryRoot ??= FindRepositoryRoot();
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(repositoryRoot, "scripts", script) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["BIGDL_PG_STATE_FILE"] = stateFile;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start bash to run scripts/{script}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/{script} did not finish within {ScriptTimeout}.\n{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }

    static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BigDL.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No BigDL.Orleans.sln above {AppContext.BaseDirectory}: cannot find scripts/start-postgres.sh.");
    }

    static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "unreadable connection string";
        }
    }
}
