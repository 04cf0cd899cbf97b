using BigDL.Compute.Data;
using Microsoft.Data.Sqlite;

namespace BigDL.Compute.Tests.Data;

public sealed class FrameWriterTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("bigdl-writer-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    static Frame Sample() => new ArraySource("sample")
        .Add("id", [1.0, 2, 3])
        .Add("name", ["a, quoted \"one\"", null, "c"])
        .Add("score", [0.5, double.NaN, -2.25])
        .Read();

    [Fact]
    public void A_frame_written_to_csv_reads_back_with_the_same_rows_in_the_same_order()
    {
        var path = Path.Combine(_folder, "out.csv");

        FrameWriter.WriteCsv(Sample(), path);
        var back = CsvSource.FromFile(path).Read();

        FrameAssert.SameContent(Sample(), back);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Writing_over_an_existing_csv_is_refused_unless_asked_and_the_file_is_kept()
    {
        var path = Path.Combine(_folder, "out.csv");
        File.WriteAllText(path, "keep me\n");

        var e = Assert.Throws<DatasetException>(() => FrameWriter.WriteCsv(Sample(), path));
        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.Equal("keep me\n", File.ReadAllText(path));

        FrameWriter.WriteCsv(Sample(), path, overwrite: true);
        FrameAssert.SameContent(Sample(), CsvSource.FromFile(path).Read());
    }

    [Fact]
    public void A_frame_written_to_a_new_sqlite_table_reads_back_identically()
    {
        SqliteConnection Connect() => new($"Data Source={Path.Combine(_folder, "out.db")}");

        FrameWriter.WriteSql(Sample(), Connect, "scores");
        var back = new SqlSource(Connect, "SELECT * FROM scores", orderBy: "id").Read();

        FrameAssert.SameContent(Sample(), back);
    }

    [Fact]
    public void Writing_into_an_existing_table_fails_naming_it_and_leaves_its_rows_alone()
    {
        SqliteConnection Connect() => new($"Data Source={Path.Combine(_folder, "out.db")}");
        FrameWriter.WriteSql(Sample(), Connect, "scores");

        var e = Assert.Throws<DatasetException>(() => FrameWriter.WriteSql(Sample().Slice(0, 1), Connect, "scores"));

        Assert.Contains("table 'scores'", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, new SqlSource(Connect, "SELECT * FROM scores", orderBy: "id").Read().RowCount);
    }

    [Fact]
    public void A_table_name_that_is_not_a_plain_identifier_is_refused()
    {
        var e = Assert.Throws<DatasetException>(() => FrameWriter.WriteSql(Sample(), () => new SqliteConnection("Data Source=:memory:"), "x; DROP TABLE y"));

        Assert.Contains("option table", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(7, 7)]
    [InlineData(5, 8)]
    public void Row_ranges_cover_every_row_once_in_order_and_match_ByRowRange(int rows, int partitions)
    {
        var ranges = Enumerable.Range(0, partitions).Select(p => Partitioner.RowRange(rows, partitions, p)).ToList();

        Assert.Equal(Enumerable.Range(0, rows), ranges.SelectMany(r => Enumerable.Range(r.Start, r.Count)));
        Assert.True(ranges.Max(r => r.Count) - ranges.Min(r => r.Count) <= 1);
        if (rows >= partitions)
        {
            var frame = new ArraySource().Add("x", Enumerable.Range(0, rows).Select(i => (double)i)).Read();
            var assigned = Partitioner.ByRowRange(partitions).Assign(frame);
            Assert.Equal(ranges.Select(r => Enumerable.Range(r.Start, r.Count).ToArray()), assigned);
        }
    }
}
