using BigDL.Compute.Kernels;
using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Tests.Nn;

public class GraphModelTests
{
    [Fact]
    public void Concat_multiply_and_add_in_a_two_input_graph_match_central_differences()
    {
        // a shared node (d) feeds three consumers, so its gradient must be the sum of theirs.
        var g = new GraphModel();
        var a = g.Input("a", 3);
        var b = g.Input("b", 4);
        var da = g.Apply(new Dense(4, Activation.Tanh), a);
        var d = g.Apply(new Dense(4, Activation.Sigmoid), b);
        var m = g.Apply(new Multiply(), da, d);
        var s = g.Apply(new Add(), m, d);
        var c = g.Apply(new Concat(), s, d);
        g.SetOutput(g.Apply(new Dense(2), c));
        g.Build(seed: 2);
        var random = new Random(5);
        GradientCheck.Model(g, [GradientCheck.Random(random, 1, 3, 3), GradientCheck.Random(random, 1, 3, 4)]);
    }

    [Fact]
    public void NeuMF_embedding_and_merge_gradients_match_central_differences()
    {
        // Repeated ids in the batch check that embedding rows accumulate.
        var model = BigDL.Compute.Models.NeuMF.Create(6, 5, 3, [4, 3]).Build(seed: 4);
        GradientCheck.Model(model, [Tensor.FromArray([0, 2, 2, 5], 4, 1), Tensor.FromArray([1, 1, 4, 0], 4, 1)], maxPerParameter: 60);
    }

    [Fact]
    public void A_graph_rejects_inputs_of_the_wrong_shape_naming_the_layer_and_shapes()
    {
        var g = new GraphModel();
        var x = g.Input("x", 3);
        g.SetOutput(g.Apply(new Dense(2, name: "head"), x)).Build();
        var e = Assert.Throws<ShapeMismatchException>(() => g.Forward(new Tensor(5, 4)));
        Assert.Contains("head", e.Message, StringComparison.Ordinal);
        Assert.Contains("[5, 4]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[batch, 3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequential_rejects_an_empty_batch()
    {
        var model = new Sequential([3], new Dense(2)).Build();
        Assert.Throws<ArgumentException>(() => model.Forward(new Tensor(0, 3)));
    }
}
