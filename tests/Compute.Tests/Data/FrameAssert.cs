using BigDL.Compute.Data;

namespace BigDL.Compute.Tests.Data;

/// <summary>Asserts on frames by content: names, kinds and every value's invariant text (null = missing).</summary>
internal static class FrameAssert
{
    public static void SameContent(Frame expected, Frame actual)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.Columns.Select(c => c.Kind), actual.Columns.Select(c => c.Kind));
        Assert.Equal(Rows(expected), Rows(actual));
    }

    public static List<string> Rows(Frame frame) =>
        [.. Enumerable.Range(0, frame.RowCount).Select(r => string.Join("|", frame.Columns.Select(c => c.Text(r) ?? "<missing>")))];

    public static double[] Numbers(Frame frame, string column) => frame.Numeric(column).Values.ToArray();
}
