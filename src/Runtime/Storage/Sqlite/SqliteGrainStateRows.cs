using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BigDL.Orleans.Storage;

/// <summary>Grain state rows in the SQLite table <see cref="SqliteSchema.GrainStateTable"/>; every change is one conditional statement.</summary>
internal sealed class SqliteGrainStateRows(SqliteDatabase database, bool initializeSchema) : IGrainStateRows
{
    const string Table = SqliteSchema.GrainStateTable;

    public string Location { get; } = $"table '{Table}' of {database.Description}";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (initializeSchema)
        {
            await database.ExecuteAsync(Table, SqliteSchema.GrainStateSql, cancellationToken);
        }
        else if (!await database.TableExistsAsync(Table, cancellationToken))
        {
            throw new StorageSchemaException(Table, database.Description, typeof(SqliteSchema).FullName + "." + nameof(SqliteSchema.GrainStateSql), null);
        }
    }

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, string stateName) => database.RunAsync(Table, async connection =>
    {
        await using var command = Command(connection, "SELECT payload, etag FROM bigdl_grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state", grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new StoredGrainState(reader.GetString(0), reader.GetString(1)) : null;
    });

    public Task<bool> TryInsertAsync(GrainId grainId, string stateName, string payload, string eTag) => database.RunAsync(Table, async connection =>
    {
        await using var command = Command(connection, "INSERT INTO bigdl_grain_state (grain_type, grain_key, state_name, payload, etag, updated_utc) VALUES ($type, $key, $state, $payload, $etag, $now) ON CONFLICT DO NOTHING", grainId, stateName);
        AddChange(command, payload, eTag);
        return await command.ExecuteNonQueryAsync() == 1;
    });

    public Task<bool> TryUpdateAsync(GrainId grainId, string stateName, string payload, string expectedETag, string eTag) => database.RunAsync(Table, async connection =>
    {
        await using var command = Command(connection, "UPDATE bigdl_grain_state SET payload = $payload, etag = $etag, updated_utc = $now WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND etag = $expected", grainId, stateName);
        AddChange(command, payload, eTag);
        command.Parameters.AddWithValue("$expected", expectedETag);
        return await command.ExecuteNonQueryAsync() == 1;
    });

    public Task<bool> TryDeleteAsync(GrainId grainId, string stateName, string expectedETag) => database.RunAsync(Table, async connection =>
    {
        await using var command = Command(connection, "DELETE FROM bigdl_grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND etag = $expected", grainId, stateName);
        command.Parameters.AddWithValue("$expected", expectedETag);
        return await command.ExecuteNonQueryAsync() == 1;
    });

    static SqliteCommand Command(SqliteConnection connection, string sql, GrainId grainId, string stateName)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$state", stateName);
        return command;
    }

    static void AddChange(SqliteCommand command, string payload, string eTag)
    {
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$etag", eTag);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
    }
}
