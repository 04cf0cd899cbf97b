using System.Globalization;
using System.Text;
using BigDL.Compute.Data.Transforms;
using BigDL.Compute.Models;
using BigDL.Compute.Serialization;
using Microsoft.Data.Sqlite;

namespace BigDL.Grains.Tests;

/// <summary>A small 3-class table written as CSV and SQLite, and job specs that read it.</summary>
public sealed class TableJobs : IDisposable
{
    public const int Rows = 300;
    public static readonly string MlpJson = ModelDescription.ToJson(Mlp.Classifier(3, [16], 3));
    static readonly string[] Features = ["x1", "x2", "x3"];

    public TableJobs()
    {
        Folder = Directory.CreateTempSubdirectory("bigdl-table-").FullName;
        CsvPath = Write("train.csv", Csv(Rows, seed: 3));
        SqlitePath = Path.Combine(Folder, "train.db");
        using var connection = new SqliteConnection(SqliteConnectionString);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE points (id INTEGER PRIMARY KEY, x1 REAL, x2 REAL, x3 REAL, label INTEGER)";
        create.ExecuteNonQuery();
        foreach (var line in File.ReadAllLines(CsvPath).Skip(1))
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO points VALUES ({line})";
            insert.ExecuteNonQuery();
        }
    }

    public string Folder { get; }

    public string CsvPath { get; }

    public string SqlitePath { get; }

    public string SqliteConnectionString => $"Data Source={SqlitePath};Pooling=False";

    /// <summary>Writes <paramref name="text"/> to a file in the test folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>id, x1, x2, x3, label: the label is the largest of three linear scores, x2 on a scale of hundreds (so scaling matters).</summary>
    public static string Csv(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("id,x1,x2,x3,label\n");
        for (var i = 0; i < rows; i++)
        {
            double a = random.NextDouble() * 2 - 1, b = (random.NextDouble() * 2 - 1) * 300, c = random.NextDouble() * 2 - 1;
            var scores = new[] { a + c, (b / 300) - a, -c - (b / 600) };
            var label = Array.IndexOf(scores, scores.Max());
            text.Append(CultureInfo.InvariantCulture, $"{i},{a:R},{b:R},{c:R},{label}\n");
        }

        return text.ToString();
    }

    /// <summary>The table of <paramref name="source"/>, standardized, with 20% held out for validation.</summary>
    public static TrainingDataSpec Table(DataSourceSpec source, double validation = 0.2, string label = "label") =>
        TrainingDataSpec.FromTable(
            new TableDataSpec(source, label, [.. Features], new StandardScaler(Features).ToJson(), validation),
            seed: 9);

    public static TrainingJobSpec Job(TrainingDataSpec data, int replicas, int shards = 1, int epochs = 3, int batch = 48, int stepsPerRound = 1) =>
        new(MlpJson, "softmax-cross-entropy", new OptimizerSpec("sgd", 0.2, Momentum: 0.9), data, batch, replicas, shards, epochs, stepsPerRound, Seed: 4);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
