using System.Data.Common;
using CsvHelper;

namespace BigDL.Compute.Data;

/// <summary>Writes a frame to a CSV file or to a new SQL table (any ADO.NET provider), row order kept.</summary>
/// <remarks>
/// Nothing already stored is lost: a CSV is written to a temporary file and moved into place (an existing file only with
/// overwrite), and a table is created and filled in one transaction, so a failed write leaves no half table behind.
/// </remarks>
public static class FrameWriter
{
    /// <summary>Writes <paramref name="frame"/> with a header row to <paramref name="path"/>; missing values are empty fields.</summary>
    public static void WriteCsv(Frame frame, string path, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!overwrite && File.Exists(path))
        {
            throw new DatasetException($"file '{path}' already exists; choose another path or allow overwriting it");
        }

        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!; // a full path always has a folder
        if (!Directory.Exists(folder))
        {
            throw new DatasetException($"file '{path}': folder '{folder}' does not exist");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = CsvWriter.Create(new StreamWriter(temporary), new CsvWriterOptions(), leaveOpen: false))
            {
                writer.WriteHeader([.. frame.ColumnNames]);
                var fields = new string[frame.Columns.Count];
                for (var r = 0; r < frame.RowCount; r++)
                {
                    for (var c = 0; c < fields.Length; c++)
                    {
                        fields[c] = Text(frame.Columns[c], r);
                    }

                    writer.WriteRecord(fields);
                }
            }

            File.Move(temporary, full, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Creates table <paramref name="table"/> (numeric columns DOUBLE PRECISION, others TEXT) and inserts the rows.</summary>
    /// <param name="frame">The rows.</param>
    /// <param name="connect">Makes a new (closed or open) connection; the writer opens and disposes it.</param>
    /// <param name="table">A plain table name (letters, digits, '_'); the table must not exist.</param>
    public static void WriteSql(Frame frame, Func<DbConnection> connect, string table)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(connect);
        if (!IsPlainName(table))
        {
            // Identifiers cannot be parameters, so only plain names are spliced into the SQL text.
            throw new DatasetException($"option table '{table}' must be a plain name (letters, digits, '_')");
        }

        foreach (var name in frame.ColumnNames.Where(n => !IsPlainName(n)))
        {
            throw new DatasetException($"column '{name}' cannot be a SQL column name; rename it to letters, digits and '_'");
        }

        using var connection = connect();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            connection.Open();
        }

        using var transaction = connection.BeginTransaction();
        var columns = string.Join(", ", frame.Columns.Select(c => $"\"{c.Name}\" {(c.Kind == ColumnKind.Numeric ? "DOUBLE PRECISION" : "TEXT")}"));
        try
        {
            using (var create = connection.CreateCommand())
            {
                create.Transaction = transaction;
#pragma warning disable CA2100 // Only names checked above are spliced in.
                create.CommandText = $"CREATE TABLE \"{table}\" ({columns})";
#pragma warning restore CA2100
                create.ExecuteNonQuery();
            }

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
#pragma warning disable CA2100 // Only names checked above are spliced in; the values are parameters.
            insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", frame.ColumnNames.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", frame.Columns.Select((_, i) => $"@p{i}"))})";
#pragma warning restore CA2100
            var parameters = frame.Columns.Select((_, i) =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = $"p{i}";
                insert.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            for (var r = 0; r < frame.RowCount; r++)
            {
                for (var c = 0; c < parameters.Length; c++)
                {
                    parameters[c].Value = Value(frame.Columns[c], r);
                }

                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (DbException e)
        {
            throw new DatasetException($"table '{table}' could not be written (does it exist already?): {e.Message}", e);
        }
    }

    static string Text(Column column, int row) => column.Text(row) ?? string.Empty;

    static object Value(Column column, int row) => column switch
    {
        _ when column.IsMissing(row) => DBNull.Value,
        NumericColumn numbers => numbers[row],
        _ => Text(column, row),
    };

    static bool IsPlainName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]);
}
