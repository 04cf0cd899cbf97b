using BigDL.Compute.Kernels;
using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Tests.Nn;

public class ConvolutionTests
{
    [Fact]
    public void Conv2d_backward_matches_central_differences() =>
        GradientCheck.Layer(new Conv2D(3, [3, 2], stride: [1, 2], padding: [1, 1]), GradientCheck.Random(new Random(21), 1, 2, 2, 5, 6));

    [Fact]
    public void Conv2d_with_fused_tanh_backward_matches_central_differences() =>
        GradientCheck.Layer(new Conv2D(2, [2, 2], activation: Activation.Tanh), GradientCheck.Random(new Random(22), 1, 2, 3, 4, 4));

    [Fact]
    public void Conv2d_computes_a_hand_checked_convolution()
    {
        var conv = new Conv2D(1, [2, 2]);
        var parameters = conv.BuildStandalone([1, 3, 3]);
        new float[] { 1, 0, 0, -1 }.CopyTo(conv.Weight.Value);
        conv.Bias.Value[0] = 0.5f;
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 1, 3, 3);
        var y = conv.Forward(x);

        // each output = x[i][j] − x[i+1][j+1] + 0.5 = −4 + 0.5
        Assert.Equal([1, 1, 2, 2], y.Shape.ToArray());
        Assert.All(y.Span.ToArray(), v => Assert.Equal(-3.5f, v));
        Assert.NotNull(parameters);
    }

    [Fact]
    public void Max_pool_backward_matches_central_differences() =>
        // random inputs have no ties within a window, so the max is differentiable at the sample point
        GradientCheck.Layer(new MaxPool2D([2, 2]), GradientCheck.Random(new Random(23), 1, 2, 2, 4, 6));

    [Fact]
    public void Max_pool_picks_the_window_maximum()
    {
        var pool = new MaxPool2D([2, 2]);
        pool.BuildStandalone([1, 2, 4]);
        var y = pool.Forward(Tensor.FromArray([1, 5, 2, 0, 3, 4, 8, 1], 1, 1, 2, 4));
        Assert.Equal([5f, 8f], y.Span.ToArray());
    }
}
