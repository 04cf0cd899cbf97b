using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Tests.Nn;

public class EmbeddingTests
{
    [Fact]
    public void Embedding_backward_touches_only_looked_up_rows_and_adds_repeats()
    {
        var layer = new Embedding(10, 3);
        var parameters = layer.BuildStandalone([2]);
        var ids = Tensor.FromArray([1, 4, 4, 7], 2, 2);
        var y = layer.Forward(ids, training: true);
        Assert.Equal([2, 2, 3], y.Shape.ToArray());
        Assert.Equal(layer.Weight.Value.Slice(4 * 3, 3).ToArray(), y.Span.Slice(3, 3).ToArray());
        var dy = new Tensor(2, 2, 3);
        dy.Span.Fill(1);
        Assert.Null(layer.Backward(dy));
        var grad = layer.Weight.Grad;
        for (var row = 0; row < 10; row++)
        {
            var expected = row switch { 1 or 7 => 1f, 4 => 2f, _ => 0f };
            Assert.All(grad.Slice(row * 3, 3).ToArray(), g => Assert.Equal(expected, g));
        }

        Assert.Contains(parameters.Gradients, g => g != 0);
    }

    [Fact]
    public void Embedding_rejects_an_id_outside_the_table_naming_the_layer()
    {
        var layer = new Embedding(5, 2, "users");
        layer.BuildStandalone([1]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Forward(Tensor.FromArray([5], 1, 1)));
        Assert.Contains("users", e.Message, StringComparison.Ordinal);
    }
}
