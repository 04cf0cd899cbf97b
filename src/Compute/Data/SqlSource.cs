using System.Data.Common;

namespace BigDL.Compute.Data;

/// <summary>Reads the result of a SQL query (any ADO.NET provider: SQLite, PostgreSQL, ...) into a <see cref="Frame"/>.</summary>
/// <remarks>
/// SQL promises no row order without ORDER BY, so the query is wrapped as
/// <c>SELECT * FROM (query) AS source ORDER BY "orderBy"</c>: the order-by column must be unique per row for a re-read
/// (and so every partition) to be identical. Types are inferred as for CSV, with the same overrides.
/// </remarks>
public sealed class SqlSource : IFrameSource
{
    readonly Func<DbConnection> _connect;
    readonly string _query;
    readonly string _orderBy;
    readonly IReadOnlyDictionary<string, object?> _parameters;
    readonly IReadOnlyDictionary<string, ColumnKind> _columnTypes;

    /// <summary>Creates a source.</summary>
    /// <param name="connect">Makes a new (closed or open) connection; the source opens and disposes it.</param>
    /// <param name="query">The query text; parameters are written as the provider expects (e.g. <c>@name</c>).</param>
    /// <param name="orderBy">A column of the result, unique per row, that fixes the row order.</param>
    /// <param name="parameters">Query parameters by name (without prefix); null for none.</param>
    /// <param name="columnTypes">Declared column types; others are inferred.</param>
    public SqlSource(
        Func<DbConnection> connect,
        string query,
        string orderBy,
        IReadOnlyDictionary<string, object?>? parameters = null,
        IReadOnlyDictionary<string, ColumnKind>? columnTypes = null)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        if (string.IsNullOrWhiteSpace(orderBy) || !orderBy.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            // The name is spliced into the SQL text (identifiers cannot be parameters), so only plain identifiers pass.
            throw new DatasetException($"SqlSource option orderBy '{orderBy}' must be a plain column name (letters, digits, '_'); a stable row order needs one");
        }

        _connect = connect;
        _query = query.Trim().TrimEnd(';');
        _orderBy = orderBy;
        _parameters = parameters ?? new Dictionary<string, object?>();
        _columnTypes = columnTypes ?? new Dictionary<string, ColumnKind>();
        Name = $"query '{(_query.Length > 60 ? _query[..60] + "..." : _query)}'";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Frame Read()
    {
        using var connection = _connect();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            connection.Open();
        }

        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The query text is the caller's; the only spliced identifier is checked in the constructor.
        command.CommandText = $"SELECT * FROM ({_query}) AS source ORDER BY \"{_orderBy}\"";
#pragma warning restore CA2100
        foreach (var (name, value) in _parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        string[] names;
        var rows = new List<object?[]>();
        try
        {
            using var reader = command.ExecuteReader();
            names = [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
            if (!names.Contains(_orderBy))
            {
                throw new DatasetException($"{Name}: option orderBy names column '{_orderBy}', which the result lacks; the columns are: {string.Join(", ", names)}");
            }

            while (reader.Read())
            {
                var row = new object?[names.Length];
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
                }

                rows.Add(row);
            }
        }
        catch (DbException e)
        {
            throw new DatasetException($"{Name} with option orderBy '{_orderBy}' failed (a misspelt column, or an orderBy column the query does not return?): {e.Message}", e);
        }

        foreach (var declared in _columnTypes.Keys.Where(k => !names.Contains(k)))
        {
            throw new DatasetException($"{Name}: option columnTypes names column '{declared}', which the result lacks; the columns are: {string.Join(", ", names)}");
        }

        var columns = new Column[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            var values = new object?[rows.Count];
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = rows[r][c];
            }

            ColumnKind? declared = _columnTypes.TryGetValue(names[c], out var kind) ? kind : null;
            columns[c] = ColumnInference.Build(names[c], values, declared, r => $"{Name} row {r + 1}");
        }

        return new Frame(columns, Name, [.. Enumerable.Range(1, rows.Count)]);
    }
}
