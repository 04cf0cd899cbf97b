using BigDL.Compute.Data;

namespace BigDL.Compute.Tests.Data;

public class InMemorySourceTests
{
    [Fact]
    public void A_generator_source_infers_types_and_reads_the_same_rows_every_time()
    {
        var source = new GeneratorSource(5,
        [
            new("x", r => r * 0.5),
            new("label", r => r % 2 == 0 ? "even" : "odd"),
            new("gap", r => r == 3 ? null : r),
        ]);

        var frame = source.Read();

        Assert.Equal([ColumnKind.Numeric, ColumnKind.Text, ColumnKind.Numeric], frame.Columns.Select(c => c.Kind));
        Assert.Equal([0.0, 0.5, 1, 1.5, 2], FrameAssert.Numbers(frame, "x"));
        Assert.True(frame["gap"].IsMissing(3));
        FrameAssert.SameContent(frame, source.Read());
    }

    [Fact]
    public void An_array_source_copies_its_arrays_so_later_changes_do_not_leak_in()
    {
        var values = new[] { 1.0, 2.0 };
        var source = new ArraySource().Add("x", values);

        values[0] = 99;

        Assert.Equal([1.0, 2.0], FrameAssert.Numbers(source.Read(), "x"));
    }

    [Fact]
    public void Columns_of_different_lengths_are_an_error_naming_both()
    {
        var error = Assert.Throws<DatasetException>(new ArraySource("arrays").Add("x", [1.0, 2]).Add("y", [1.0]).Read);

        Assert.Contains("'y' has 1 rows, column 'x' 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Looking_up_an_absent_column_names_it_and_lists_the_columns()
    {
        var frame = new ArraySource("arrays").Add("x", [1.0]).Add("y", [2.0]).Read();

        var error = Assert.Throws<DatasetException>(() => frame["z"]);

        Assert.Equal("arrays: no column 'z'; the columns are: x, y", error.Message);
    }
}
