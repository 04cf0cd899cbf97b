using BigDL.Compute.Losses;
using BigDL.Compute.Nn;
using BigDL.Compute.Tensors;
using BigDL.Compute.Tests.Nn;

namespace BigDL.Compute.Tests.Losses;

public class LossTests
{
    public static TheoryData<string> Names => ["mse", "mae", "huber", "ce", "bce"];

    static (Loss Loss, Tensor Prediction, Tensor Target) Case(string name)
    {
        var random = new Random(11);
        return name switch
        {
            "mse" => (new MseLoss(), GradientCheck.Random(random, 2, 4, 3), GradientCheck.Random(random, 2, 4, 3)),
            "mae" => (new MaeLoss(), GradientCheck.Random(random, 2, 4, 3), GradientCheck.Random(random, 2, 4, 3)),
            "huber" => (new HuberLoss(0.5f), GradientCheck.Random(random, 2, 4, 3), GradientCheck.Random(random, 2, 4, 3)),
            "ce" => (new SoftmaxCrossEntropyLoss(), GradientCheck.Random(random, 3, 4, 5), Tensor.FromArray([0, 4, 2, 2], 4)),
            _ => (new BceWithLogitsLoss(), GradientCheck.Random(random, 3, 6, 1), Tensor.FromArray([0, 1, 1, 0, 1, 0], 6, 1)),
        };
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Loss_gradient_matches_central_differences(string name)
    {
        var (loss, prediction, target) = Case(name);
        loss.Forward(prediction, target);
        var analytic = loss.Gradient.Span.ToArray();
        var p = prediction.Span;
        for (var i = 0; i < p.Length; i++)
        {
            var saved = p[i];
            p[i] = saved + 1e-3f;
            double plus = loss.Forward(prediction, target);
            p[i] = saved - 1e-3f;
            double minus = loss.Forward(prediction, target);
            p[i] = saved;
            var numeric = (plus - minus) / ((double)(saved + 1e-3f) - (saved - 1e-3f));

            // Loss values are float32 means of O(1) terms: error ≲ 1e-6 / 2e-3 = 5e-4.
            Assert.True(Math.Abs(analytic[i] - numeric) <= 2e-3 + 1e-2 * Math.Abs(numeric), $"{name}[{i}]: {analytic[i]} vs {numeric}");
        }
    }

    [Fact]
    public void Losses_match_hand_computed_values()
    {
        var p = Tensor.FromArray([1, -2], 2, 1);
        var t = Tensor.FromArray([0, 1], 2, 1);
        Assert.Equal((1 + 9) / 2f, new MseLoss().Forward(p, t), 6);
        Assert.Equal((1 + 3) / 2f, new MaeLoss().Forward(p, t), 6);
        Assert.Equal((0.5f + (3 - 0.5f)) / 2f, new HuberLoss(1).Forward(p, t), 6);

        // BCE: −log σ(x) for y=1, −log(1−σ(x)) for y=0.
        var bce = (Math.Log(1 + Math.Exp(1)) + Math.Log(1 + Math.Exp(2))) / 2;
        Assert.Equal(bce, new BceWithLogitsLoss().Forward(p, t), 5);

        // CE on logits [0, ln 3] with class 1: −log(3/4).
        var ce = new SoftmaxCrossEntropyLoss().Forward(Tensor.FromArray([0, MathF.Log(3)], 1, 2), Tensor.FromArray([1], 1));
        Assert.Equal(-Math.Log(0.75), ce, 5);
    }

    [Fact]
    public void A_target_of_the_wrong_shape_is_refused_naming_both_shapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => new MseLoss().Forward(new Tensor(4, 2), new Tensor(3, 2)));
        Assert.Contains("[4, 2]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_entropy_stays_finite_for_huge_logits()
    {
        var loss = new SoftmaxCrossEntropyLoss().Forward(Tensor.FromArray([1000, -1000], 1, 2), Tensor.FromArray([1], 1));
        Assert.Equal(2000, loss, 1);
    }
}
