using System.Globalization;
using CsvHelper;

namespace BigDL.Compute.Data;

/// <summary>Reads a CSV file (or text) into a <see cref="Frame"/>: header, typed columns, missing values.</summary>
/// <remarks>Bad input throws <see cref="DatasetException"/> naming the file and line (and column and value where there is one).</remarks>
public sealed class CsvSource : IFrameSource
{
    readonly Func<TextReader> _open;
    readonly CsvOptions _options;

    CsvSource(string name, Func<TextReader> open, CsvOptions? options)
    {
        Name = name;
        _open = open;
        _options = options ?? new CsvOptions();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>A source reading the file at <paramref name="path"/> on each <see cref="Read"/>.</summary>
    public static CsvSource FromFile(string path, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new CsvSource($"file '{path}'", () => File.Exists(path) ? new StreamReader(path) : throw new DatasetException($"file '{path}' does not exist"), options);
    }

    /// <summary>A source reading <paramref name="text"/>, called <paramref name="name"/> in messages.</summary>
    public static CsvSource FromText(string text, string name = "csv text", CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CsvSource(name, () => new StringReader(text), options);
    }

    /// <inheritdoc />
    public Frame Read()
    {
        var records = new List<string?[]>();
        var lines = new List<int>();
        var options = new CsvReaderOptions
        {
            Separator = _options.Delimiter,
            HasHeader = _options.HasHeader,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            TrackLineNumbers = true,
        };
        var missing = _options.MissingValues.ToHashSet(StringComparer.Ordinal);
        string[] header;
        using (var reader = CsvReader.Create(_open(), options, leaveOpen: false))
        {
            try
            {
                while (reader.Read())
                {
                    var fields = new string?[reader.FieldCount];
                    for (var i = 0; i < fields.Length; i++)
                    {
                        var text = reader.GetString(i);
                        fields[i] = missing.Contains(text.Trim()) ? null : text;
                    }

                    records.Add(fields);
                    lines.Add((int)reader.LineNumber);
                }

                header = _options.HasHeader ? Header([.. reader.Headers]) : [.. Enumerable.Range(0, records.FirstOrDefault()?.Length ?? 0).Select(i => $"column{i}")];
            }
            catch (CsvFormatException e)
            {
                throw new DatasetException($"{Name} line {e.LineNumber}: malformed CSV: {e.Message}", e);
            }
        }

        if (header.Length == 0)
        {
            throw new DatasetException($"{Name} is empty: {(_options.HasHeader ? "no header" : "no rows")}");
        }

        foreach (var declared in _options.ColumnTypes.Keys.Where(k => !header.Contains(k)))
        {
            throw new DatasetException($"{Name}: option ColumnTypes names column '{declared}', which the header lacks; the columns are: {string.Join(", ", header)}");
        }

        var lineArray = lines.ToArray();
        var columns = new Column[header.Length];
        for (var c = 0; c < header.Length; c++)
        {
            var values = new object?[records.Count];
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = records[r][c];
            }

            ColumnKind? declared = _options.ColumnTypes.TryGetValue(header[c], out var kind) ? kind : null;
            columns[c] = ColumnInference.Build(header[c], values, declared, r => $"{Name} line {lineArray[r]}");
        }

        return new Frame(columns, Name, lineArray) { SourceRowName = "line" };
    }

    string[] Header(string[] fields)
    {
        var names = fields.Select(f => f.Trim()).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                throw new DatasetException($"{Name} header: field {i + 1} is empty; every column needs a name");
            }

            if (Array.IndexOf(names, names[i]) != i)
            {
                throw new DatasetException($"{Name} header: column '{names[i]}' appears twice");
            }
        }

        return names;
    }
}
