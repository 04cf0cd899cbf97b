using BigDL.Compute.Kernels;
using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Tests.Nn;

public class LayerGradientTests
{
    // Inputs kept at least 0.05 away from ReLU's kink so a ±1e-3 probe never crosses it.
    static Tensor AwayFromZero(int seed, params int[] shape)
    {
        var t = GradientCheck.Random(new Random(seed), 1, shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = s[i] >= 0 ? s[i] + 0.05f : s[i] - 0.05f;
        }

        return t;
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Gelu)]
    public void Dense_backward_matches_central_differences(Activation activation) =>
        GradientCheck.Layer(new Dense(5, activation), GradientCheck.Random(new Random(3), 1, 4, 7));

    [Theory]
    [InlineData(1, Activation.Identity)]
    [InlineData(3, Activation.Gelu)]
    [InlineData(2, Activation.Sigmoid)]
    public void A_narrow_dense_on_the_dot_product_path_matches_central_differences(int units, Activation activation) =>
        GradientCheck.Layer(new Dense(units, activation), GradientCheck.Random(new Random(13), 1, 5, 9));

    [Fact]
    public void Dense_over_a_sequence_applies_to_the_last_dimension_and_matches_central_differences() =>
        GradientCheck.Layer(new Dense(3, Activation.Tanh), GradientCheck.Random(new Random(4), 1, 2, 3, 4));

    [Theory]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Gelu)]
    public void Activation_backward_matches_central_differences(Activation activation) =>
        GradientCheck.Layer(new ActivationLayer(activation), AwayFromZero(5, 3, 6));

    [Fact]
    public void Softmax_backward_matches_central_differences() =>
        GradientCheck.Layer(new Softmax(), GradientCheck.Random(new Random(6), 2, 3, 5));

    [Fact]
    public void Lstm_backward_matches_central_differences() =>
        GradientCheck.Layer(new Lstm(4), GradientCheck.Random(new Random(7), 1, 3, 5, 2));

    [Fact]
    public void Lstm_returning_sequences_backward_matches_central_differences() =>
        GradientCheck.Layer(new Lstm(3, returnSequences: true), GradientCheck.Random(new Random(8), 1, 2, 4, 3));

    [Fact]
    public void Flatten_backward_restores_the_input_shape()
    {
        var layer = new Flatten();
        layer.BuildStandalone([2, 3]);
        var x = GradientCheck.Random(new Random(9), 1, 4, 2, 3);
        var y = layer.Forward(x, training: true);
        Assert.Equal([4, 6], y.Shape.ToArray());
        var dx = layer.Backward(y)!;
        Assert.Equal([4, 2, 3], dx.Shape.ToArray());
        Assert.Equal(x.Span.ToArray(), dx.Span.ToArray());
    }

    [Fact]
    public void Dropout_zeroes_about_p_of_the_elements_in_training_and_passes_through_in_inference()
    {
        var layer = new Dropout(0.25f, seed: 1);
        layer.BuildStandalone([1000]);
        var x = new Tensor(2, 1000);
        x.Span.Fill(1);
        var y = layer.Forward(x, training: true).Span.ToArray();
        var zeros = y.Count(v => v == 0);
        Assert.InRange(zeros, 400, 600); // 2000 Bernoulli(0.25) draws: mean 500, sd ≈ 19
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.75f, v, 5));
        var dx = layer.Backward(x)!.Span.ToArray();
        Assert.Equal(y, dx); // same mask scales the gradient
        Assert.Same(x, layer.Forward(x, training: false));
    }
}
