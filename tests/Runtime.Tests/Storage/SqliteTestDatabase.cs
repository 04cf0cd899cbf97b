using Microsoft.Data.Sqlite;

namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>A SQLite file in a temporary folder of its own, deleted by Delete, plus raw SQL for tests that tamper with rows.</summary>
public sealed class SqliteTestDatabase
{
    public SqliteTestDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "bigdl-tests", Guid.NewGuid().ToString("N"));
        FilePath = Path.Combine(Folder, "nested", "bigdl.db");
    }

    /// <summary>Gets the folder holding the file; it does not exist until a provider creates it.</summary>
    public string Folder { get; }

    /// <summary>Gets the file path (in a sub-folder, so providers must create the folder).</summary>
    public string FilePath { get; }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
