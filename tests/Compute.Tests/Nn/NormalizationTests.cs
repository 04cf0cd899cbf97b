using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Tests.Nn;

public class NormalizationTests
{
    [Fact]
    public void Layer_norm_backward_matches_central_differences()
    {
        var layer = new LayerNorm();
        var x = GradientCheck.Random(new Random(31), 1, 3, 6);
        GradientCheck.Layer(layer, x);
    }

    [Fact]
    public void Layer_norm_output_rows_have_zero_mean_and_unit_variance_before_the_affine_part()
    {
        var layer = new LayerNorm();
        layer.BuildStandalone([8]);
        var y = layer.Forward(GradientCheck.Random(new Random(32), 3, 2, 8)).Span;
        for (var r = 0; r < 2; r++)
        {
            var row = y.Slice(r * 8, 8).ToArray();
            Assert.Equal(0, row.Average(), 5);
            Assert.Equal(1, row.Select(v => v * v).Average(), 3); // ε = 1e-5 against variance ~3 shifts this by < 1e-5
        }
    }

    [Fact]
    public void Batch_norm_backward_in_training_mode_matches_central_differences() =>
        GradientCheck.Layer(new BatchNorm(), GradientCheck.Random(new Random(33), 1, 4, 3, 2, 2));

    [Fact]
    public void Batch_norm_on_features_backward_matches_central_differences() =>
        GradientCheck.Layer(new BatchNorm(), GradientCheck.Random(new Random(34), 1, 5, 3));

    [Fact]
    public void Batch_norm_tracks_running_statistics_and_uses_them_in_inference()
    {
        var layer = new BatchNorm(momentum: 1); // running stats = last batch's
        layer.BuildStandalone([1]);
        layer.Forward(Tensor.FromArray([1, 3], 2, 1), training: true);
        Assert.Equal(2f, layer.Buffers[0].Values[0]);
        Assert.Equal(2f, layer.Buffers[1].Values[0]); // unbiased variance of {1, 3}
        var y = layer.Forward(Tensor.FromArray([2 + MathF.Sqrt(2 + 1e-5f)], 1, 1), training: false);
        Assert.Equal(1f, y.Span[0], 4);
    }

    [Fact]
    public void Gru_backward_matches_central_differences() =>
        GradientCheck.Layer(new Gru(4), GradientCheck.Random(new Random(35), 1, 3, 5, 2));

    [Fact]
    public void Gru_returning_sequences_backward_matches_central_differences() =>
        GradientCheck.Layer(new Gru(3, returnSequences: true), GradientCheck.Random(new Random(36), 1, 2, 4, 3));
}
