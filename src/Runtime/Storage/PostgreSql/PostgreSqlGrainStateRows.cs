using Npgsql;

namespace BigDL.Orleans.Storage;

/// <summary>Grain state rows in the PostgreSQL table <see cref="PostgreSqlSchema.GrainStateTable"/>; every change is one conditional statement.</summary>
/// <remarks>
/// Under READ COMMITTED a conditional UPDATE that waits on another writer's row lock re-checks its WHERE clause on the
/// new row version, so of two writers holding the same ETag exactly one succeeds.
/// </remarks>
internal sealed class PostgreSqlGrainStateRows(PostgreSqlDatabase database, bool initializeSchema) : IGrainStateRows
{
    const string Table = PostgreSqlSchema.GrainStateTable;
    const string KeyFilter = "grain_type = @type AND grain_key = @key AND state_name = @state";

    public string Location { get; } = $"table '{Table}' of {database.Description}";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (initializeSchema)
        {
            await database.ExecuteSchemaAsync(Table, PostgreSqlSchema.GrainStateSql, cancellationToken);
        }
        else if (!await database.TableExistsAsync(Table, cancellationToken))
        {
            throw new StorageSchemaException(Table, database.Description, typeof(PostgreSqlSchema).FullName + "." + nameof(PostgreSqlSchema.GrainStateSql), null);
        }
    }

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, string stateName) => database.RunAsync(Table, async connection =>
    {
        await using var command = Command(connection, $"SELECT payload, etag FROM bigdl_grain_state WHERE {KeyFilter}", grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new StoredGrainState(reader.GetString(0), reader.GetString(1)) : null;
    });

    public Task<bool> TryInsertAsync(GrainId grainId, string stateName, string payload, string eTag) => database.RunAsync(Table, async connection =>
    {
        await using var command = Command(connection, "INSERT INTO bigdl_grain_state (grain_type, grain_key, state_name, payload, etag, updated_utc) VALUES (@type, @key, @state, @payload, @etag, now()) ON CONFLICT DO NOTHING", grainId, stateName);
        command.Parameters.AddWithValue("payload", payload);
        command.Parameters.AddWithValue("etag", eTag);
        return await command.ExecuteNonQueryAsync() == 1;
    });

    public Task<bool> TryUpdateAsync(GrainId grainId, string stateName, string payload, string expectedETag, string eTag) => database.RunAsync(Table, async connection =>
    {
        await using var command = Command(connection, $"UPDATE bigdl_grain_state SET payload = @payload, etag = @etag, updated_utc = now() WHERE {KeyFilter} AND etag = @expected", grainId, stateName);
        command.Parameters.AddWithValue("payload", payload);
        command.Parameters.AddWithValue("etag", eTag);
        command.Parameters.AddWithValue("expected", expectedETag);
        return await command.ExecuteNonQueryAsync() == 1;
    });

    public Task<bool> TryDeleteAsync(GrainId grainId, string stateName, string expectedETag) => database.RunAsync(Table, async connection =>
    {
        await using var command = Command(connection, $"DELETE FROM bigdl_grain_state WHERE {KeyFilter} AND etag = @expected", grainId, stateName);
        command.Parameters.AddWithValue("expected", expectedETag);
        return await command.ExecuteNonQueryAsync() == 1;
    });

    static NpgsqlCommand Command(NpgsqlConnection connection, string sql, GrainId grainId, string stateName)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("type", grainId.Type);
        command.Parameters.AddWithValue("key", grainId.Key);
        command.Parameters.AddWithValue("state", stateName);
        return command;
    }
}
