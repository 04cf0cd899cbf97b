using BigDL.Compute.Kernels;
using BigDL.Compute.Losses;
using BigDL.Compute.Metrics;
using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Quantization;
using BigDL.Compute.Serialization;
using BigDL.Compute.Tensors;
using BigDL.Compute.Tests.Nn;
using BigDL.Compute.Training;

namespace BigDL.Compute.Tests.Quantization;

public class QuantizationTests
{
    [Fact]
    public void A_quantized_dense_stays_within_the_rounding_bound_of_the_float_layer()
    {
        var model = new Sequential([40], new Dense(7, Activation.Identity)).Build(seed: 3);
        var quantized = Quantizer.QuantizeDense(model);
        var x = GradientCheck.Random(new Random(2), 2, 6, 40);
        var expected = model.Forward(x).Span.ToArray();
        var actual = quantized.Forward(x).Span.ToArray();
        var dense = (Dense)model.Layers[0];
        var q = (QuantizedDense)quantized.Layers[0];
        for (var r = 0; r < 6; r++)
        {
            var row = x.Span.Slice(r * 40, 40).ToArray();
            var sx = (Math.Max(row.Max(), 0) - Math.Min(row.Min(), 0)) / 255; // the kernels' per-row uint8 step (range includes 0)
            for (var o = 0; o < 7; o++)
            {
                var w = dense.Weight.Value.Slice(o * 40, 40).ToArray();
                var sw = w.Max(Math.Abs) / 127;
                Assert.Equal(sw, q.WeightScales[o], 6);

                // Rounding moves each code by at most half a step: |Δ| ≤ Σ(|w|·s_x/2 + |x|·s_w/2 + s_x·s_w/4).
                var bound = w.Sum(Math.Abs) * sx / 2 + row.Sum(Math.Abs) * sw / 2 + 40 * sx * sw / 4;
                Assert.True(Math.Abs(expected[r * 7 + o] - actual[r * 7 + o]) <= bound + 1e-5, $"row {r} out {o}: {expected[r * 7 + o]} vs {actual[r * 7 + o]} (bound {bound})");
            }
        }

        Assert.NotEqual(expected, actual); // it really is the integer path
    }

    [Fact]
    public void Quantizing_a_trained_mlp_costs_at_most_half_a_point_of_accuracy()
    {
        var train = SyntheticData.Classification(4000, 32, 4, seed: 1);
        var test = SyntheticData.Classification(2000, 32, 4, seed: 2);
        var model = Mlp.Classifier(32, [64, 64], 4).Build(seed: 0);
        model.Fit(train, new SoftmaxCrossEntropyLoss(), new Adam(3e-3f), new FitOptions { Epochs = 10, BatchSize = 64 });
        var accuracy = new Accuracy();
        var fp32 = accuracy.Compute(model.Predict(test.Inputs), test.Targets);
        var int8 = accuracy.Compute(Quantizer.QuantizeDense(model).Predict(test.Inputs), test.Targets);
        Assert.True(fp32 > 0.9, $"fp32 accuracy {fp32}");
        Assert.True(fp32 - int8 <= 0.005, $"fp32 {fp32}, int8 {int8}");
    }

    [Fact]
    public void A_quantized_model_saves_and_loads_with_identical_predictions()
    {
        var quantized = Quantizer.QuantizeDense(Mlp.Classifier(12, [16], 3).Build(seed: 4));
        var x = GradientCheck.Random(new Random(5), 1, 9, 12);
        var expected = quantized.Forward(x).Span.ToArray();
        using var buffer = new MemoryStream();
        ModelSerializer.Save(quantized, buffer);
        buffer.Position = 0;
        var loaded = ModelSerializer.Load(buffer);
        Assert.IsType<QuantizedDense>(loaded.Layers[0]);
        Assert.Equal(expected, loaded.Forward(x).Span.ToArray());
    }

    [Fact]
    public void A_quantized_layer_refuses_backward()
    {
        var quantized = Quantizer.QuantizeDense(Mlp.Classifier(4, [4], 2).Build());
        quantized.Forward(new Tensor(2, 4));
        Assert.Throws<NotSupportedException>(() => quantized.Backward(new Tensor(2, 2)));
    }
}
