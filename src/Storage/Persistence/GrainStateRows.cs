using System.Data.Common;
using BigDL.Storage.Sql;

namespace BigDL.Storage.Persistence;

/// <summary>The row statements of grain storage, one conditional statement each, so a write that loses an ETag race changes nothing.</summary>
/// <remarks>
/// Under PostgreSQL's READ COMMITTED a conditional UPDATE that waits on another writer's row lock re-checks its WHERE
/// clause on the new row, and SQLite runs one writer at a time: either way, of two writers holding one ETag exactly one wins.
/// </remarks>
internal sealed class GrainStateRows(SqlStore store, string serviceId)
{
    const string KeyFilter = "service_id = @service AND state_name = @state AND grain_id = @grain";

    /// <summary>The stored row, or null; a row whose payload is null is a cleared state that keeps its ETag.</summary>
    public Task<StoredState?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken) => store.RunAsync(async connection =>
    {
        await using var command = Command(connection, $"SELECT payload, etag FROM bigdl_grain_states WHERE {KeyFilter}", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredState(reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0), reader.GetString(1))
            : null;
    }, cancellationToken);

    /// <summary>Inserts a row unless one exists; false when one did.</summary>
    public Task<bool> TryInsertAsync(string stateName, GrainId grainId, byte[] payload, string eTag, CancellationToken cancellationToken) => store.RunAsync(async connection =>
    {
        await using var command = Command(connection,
            "INSERT INTO bigdl_grain_states (service_id, state_name, grain_id, payload, etag, updated_time) VALUES (@service, @state, @grain, @payload, @etag, @now) ON CONFLICT DO NOTHING",
            stateName, grainId).With("payload", payload).With("etag", eTag).With("now", store.WriteTime(StoredTime.Of(DateTime.UtcNow)));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }, cancellationToken);

    /// <summary>Replaces the payload (null keeps a cleared row) of the row whose ETag is <paramref name="expectedETag"/>; false when there is no such row.</summary>
    public Task<bool> TryUpdateAsync(string stateName, GrainId grainId, byte[]? payload, string expectedETag, string eTag, CancellationToken cancellationToken) => store.RunAsync(async connection =>
    {
        await using var command = Command(connection,
            $"UPDATE bigdl_grain_states SET payload = @payload, etag = @etag, updated_time = @now WHERE {KeyFilter} AND etag = @expected",
            stateName, grainId).With("payload", payload).With("etag", eTag).With("now", store.WriteTime(StoredTime.Of(DateTime.UtcNow))).With("expected", expectedETag);
        if (payload is null && command.Parameters["payload"] is { } parameter)
        {
            parameter.DbType = System.Data.DbType.Binary; // a typed null, which PostgreSQL needs to know the column's type
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }, cancellationToken);

    /// <summary>Deletes the row whose ETag is <paramref name="expectedETag"/>; false when there is no such row.</summary>
    public Task<bool> TryDeleteAsync(string stateName, GrainId grainId, string expectedETag, CancellationToken cancellationToken) => store.RunAsync(async connection =>
    {
        await using var command = Command(connection, $"DELETE FROM bigdl_grain_states WHERE {KeyFilter} AND etag = @expected", stateName, grainId).With("expected", expectedETag);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }, cancellationToken);

    DbCommand Command(DbConnection connection, string sql, string stateName, GrainId grainId) =>
        connection.Command(sql).With("service", serviceId).With("state", stateName).With("grain", grainId.ToString());
}

/// <summary>One stored state: its bytes (null once cleared with the row kept) and its ETag.</summary>
internal sealed record StoredState(byte[]? Payload, string ETag);
