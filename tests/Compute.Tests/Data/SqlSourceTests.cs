using System.Globalization;
using BigDL.Compute.Data;
using Microsoft.Data.Sqlite;

namespace BigDL.Compute.Tests.Data;

public sealed class SqlSourceTests : IDisposable
{
    readonly string _path = Path.Combine(Path.GetTempPath(), $"bigdl-data-{Guid.NewGuid():N}.db");

    public SqlSourceTests()
    {
        using var connection = Connect();
        connection.Open();
        // SQLite has no date type: the times are ISO text, as in the CSV.
        SqlTestData.Insert(connection, "CREATE TABLE events (id INTEGER, customer TEXT, price REAL, at TEXT)", t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
    }

    SqliteConnection Connect() => new($"Data Source={_path};Pooling=False");

    [Fact]
    public void A_sqlite_query_reads_the_same_frame_as_the_csv_of_the_same_rows()
    {
        var sql = new SqlSource(Connect, "SELECT id, customer, price, at FROM events", orderBy: "id").Read();
        var csv = CsvSource.FromText(SqlTestData.Csv()).Read();

        FrameAssert.SameContent(csv, sql);
        Assert.Equal([ColumnKind.Numeric, ColumnKind.Text, ColumnKind.Numeric, ColumnKind.DateTime], sql.Columns.Select(c => c.Kind));
    }

    [Theory]
    [InlineData("range")]
    [InlineData("hash")]
    public void Sqlite_and_csv_sources_give_identical_partitions_on_every_re_read(string kind)
    {
        var spec = kind == "range" ? Partitioner.ByRowRange(4) : Partitioner.ByKeyHash("customer", 3);
        var sql = new SqlSource(Connect, "SELECT * FROM events", orderBy: "id");
        var csv = CsvSource.FromText(SqlTestData.Csv());

        for (var p = 0; p < spec.Count; p++)
        {
            var first = spec.ReadPartition(sql, p);
            FrameAssert.SameContent(first, spec.ReadPartition(sql, p));
            FrameAssert.SameContent(spec.ReadPartition(csv, p), first);
        }
    }

    [Fact]
    public void Query_parameters_are_bound_by_name()
    {
        var source = new SqlSource(Connect, "SELECT id FROM events WHERE id > @min", "id", new Dictionary<string, object?> { ["min"] = 25 });

        Assert.Equal([26.0, 27, 28, 29, 30], FrameAssert.Numbers(source.Read(), "id"));
    }

    [Fact]
    public void An_order_by_column_absent_from_the_result_is_an_error_naming_the_option()
    {
        var source = new SqlSource(Connect, "SELECT id FROM events", orderBy: "customer");

        var error = Assert.Throws<DatasetException>(source.Read);

        Assert.Contains("orderBy", error.Message, StringComparison.Ordinal);
        Assert.Contains("'customer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_by_that_is_not_a_plain_name_is_refused()
    {
        var error = Assert.Throws<DatasetException>(() => new SqlSource(Connect, "SELECT id FROM events", orderBy: "id; DROP TABLE events"));

        Assert.Contains("orderBy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_query_is_an_error_naming_the_query()
    {
        var error = Assert.Throws<DatasetException>(new SqlSource(Connect, "SELECT nope FROM events", "nope").Read);

        Assert.Contains("SELECT nope FROM events", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_path);
}
