using Npgsql;

namespace BigDL.Orleans.Runtime.Tests.Storage;

/// <summary>Raw SQL against a test database, for tests that tamper with rows or tables behind a provider's back.</summary>
public static class PostgreSqlTestDatabase
{
    public static async Task<object?> ScalarAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    public static Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters) =>
        ScalarAsync(connectionString, sql, parameters);
}
