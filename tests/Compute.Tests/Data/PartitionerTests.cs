using BigDL.Compute.Data;

namespace BigDL.Compute.Tests.Data;

public class PartitionerTests
{
    static Frame Sample(int rows) =>
        new ArraySource("sample")
            .Add("id", Enumerable.Range(0, rows).Select(i => (double)i))
            .Add("user", Enumerable.Range(0, rows).Select(i => (string?)$"u{i % 7}"))
            .Read();

    public static TheoryData<string> Specs => ["range", "hash"];

    static Partitioner Spec(string kind, int partitions) =>
        kind == "range" ? Partitioner.ByRowRange(partitions) : Partitioner.ByKeyHash("user", partitions);

    [Theory]
    [MemberData(nameof(Specs))]
    public void The_union_of_the_partitions_is_every_row_exactly_once(string kind)
    {
        var frame = Sample(50);

        var parts = Spec(kind, 3).Split(frame);

        Assert.Equal(3, parts.Count);
        var ids = parts.SelectMany(p => FrameAssert.Numbers(p, "id")).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (double)i), ids);
    }

    [Fact]
    public void Row_ranges_are_contiguous_and_differ_in_size_by_at_most_one()
    {
        var parts = Partitioner.ByRowRange(3).Split(Sample(10));

        Assert.Equal([0.0, 1, 2, 3], FrameAssert.Numbers(parts[0], "id"));
        Assert.Equal([4.0, 5, 6], FrameAssert.Numbers(parts[1], "id"));
        Assert.Equal([7.0, 8, 9], FrameAssert.Numbers(parts[2], "id"));
    }

    [Fact]
    public void Key_hash_partitioning_keeps_every_key_in_one_partition()
    {
        var parts = Partitioner.ByKeyHash("user", 3).Split(Sample(70));

        var owners = parts.SelectMany((p, i) => Enumerable.Range(0, p.RowCount).Select(r => (Key: p["user"].Text(r), Part: i)))
            .GroupBy(x => x.Key)
            .ToDictionary(g => g.Key!, g => g.Select(x => x.Part).Distinct().Count());
        Assert.Equal(7, owners.Count);
        Assert.All(owners.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Key_hash_uses_fnv1a_over_utf8_so_assignments_never_change()
    {
        // FNV-1a 32-bit reference values: "" → 0x811C9DC5, "a" → 0xE40C292C.
        Assert.Equal(0x811C9DC5u, StableHash.Fnv1a(string.Empty));
        Assert.Equal(0xE40C292Cu, StableHash.Fnv1a("a"));
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Re_reading_a_csv_source_gives_identical_partitions(string kind)
    {
        var text = "user,id\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"u{i % 5},{i}"));
        var source = CsvSource.FromText(text, "file 'events.csv'");
        var spec = Spec(kind, 4);

        for (var p = 0; p < spec.Count; p++)
        {
            FrameAssert.SameContent(spec.ReadPartition(source, p), spec.ReadPartition(source, p));
        }
    }

    [Fact]
    public void More_partitions_than_rows_is_an_error_naming_the_option()
    {
        var error = Assert.Throws<DatasetException>(() => Partitioner.ByRowRange(6).Split(Sample(5)));

        Assert.Contains("option partitions (6)", error.Message, StringComparison.Ordinal);
        Assert.Contains("5 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_hash_that_leaves_a_partition_empty_is_an_error_naming_the_key()
    {
        var frame = new ArraySource().Add("user", ["a", "a", "a", "a"]).Read();

        var error = Assert.Throws<DatasetException>(() => Partitioner.ByKeyHash("user", 2).Split(frame));

        Assert.Contains("key 'user'", error.Message, StringComparison.Ordinal);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_column_that_does_not_exist_is_an_error_listing_the_columns()
    {
        var error = Assert.Throws<DatasetException>(() => Partitioner.ByKeyHash("customer", 2).Split(Sample(10)));

        Assert.Contains("'customer'", error.Message, StringComparison.Ordinal);
        Assert.Contains("id, user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Partitions_keep_the_source_lines_of_their_rows_for_error_messages()
    {
        var source = CsvSource.FromText("id\n1\n2\n3\n4\n", "file 'x.csv'");

        var second = Partitioner.ByRowRange(2).ReadPartition(source, 1);

        Assert.Equal("file 'x.csv' line 4", second.Where(0));
    }

    [Fact]
    public void A_partitioner_rebuilt_from_its_count_and_key_assigns_the_same_rows()
    {
        var frame = Sample(30);
        var original = Partitioner.ByKeyHash("user", 3);

        var rebuilt = Partitioner.Create(original.Count, original.KeyColumn);

        Assert.Equal(original.Assign(frame), rebuilt.Assign(frame));
        Assert.Equal(Partitioner.ByRowRange(4).Assign(frame), Partitioner.Create(4, null).Assign(frame));
    }
}
