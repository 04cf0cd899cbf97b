using BigDL.Compute.Tensors;

namespace BigDL.Compute.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void A_new_tensor_is_zero_filled_with_row_major_strides()
    {
        using var t = new Tensor(2, 3, 4);
        Assert.Equal(24, t.Length);
        Assert.All(t.Span.ToArray(), v => Assert.Equal(0, v));
        Assert.Equal(12, t.Stride(0));
        Assert.Equal(4, t.Stride(1));
        Assert.Equal(1, t.Stride(2));
        t[1, 2, 3] = 5;
        Assert.Equal(5, t.Span[23]);
    }

    [Fact]
    public void Row_views_share_memory_with_their_source()
    {
        var t = Tensor.FromArray([.. Enumerable.Range(0, 12).Select(i => (float)i)], 4, 3);
        var rows = t.Rows(1, 2);
        Assert.Equal([2, 3], rows.Shape.ToArray());
        Assert.Equal(3f, rows[0, 0]);
        rows[1, 2] = -1;
        Assert.Equal(-1f, t[2, 2]);
    }

    [Fact]
    public void Ensure_resizes_in_place_within_capacity_and_reallocates_beyond_it()
    {
        Tensor? t = null;
        Assert.True(Tensor.Ensure(ref t, 8, 4));
        var same = t;
        Assert.False(Tensor.Ensure(ref t, 3, 4));
        Assert.Same(same, t);
        Assert.Equal([3, 4], t.Shape.ToArray());
        Assert.True(Tensor.Ensure(ref t, 100, 4));
        Assert.NotSame(same, t);
    }

    [Fact]
    public void A_view_with_a_different_element_count_is_refused_with_both_shapes()
    {
        var t = new Tensor(2, 3);
        var e = Assert.Throws<ArgumentException>(() => t.View(4, 2));
        Assert.Contains("[2, 3]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 2]", e.Message, StringComparison.Ordinal);
    }
}
