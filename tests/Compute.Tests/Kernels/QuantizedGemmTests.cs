using System.Runtime.InteropServices;
using BigDL.Compute.Kernels;

namespace BigDL.Compute.Tests.Kernels;

public class QuantizedGemmTests
{
    static readonly int[] OddSizes = [1, 7, 33, 257];

    public static TheoryData<KernelPath> Paths() =>
        [.. new[] { KernelPath.Avx512, KernelPath.Avx2, KernelPath.Scalar }.Where(QuantizedGemm.IsSupported)];

    [Fact]
    public void Weights_quantize_per_output_channel_within_half_a_step()
    {
        const int outputs = 37, inputs = 45;
        var w = GemmReference.Random(outputs * inputs, 1);
        for (var k = 0; k < inputs; k++)
        {
            w[(3 * inputs) + k] *= 100; // one loud channel must not coarsen the others
            w[(5 * inputs) + k] = 0;    // and an all-zero channel quantizes to zeros with scale 0
        }

        var q = QuantizedWeights.Quantize(w, outputs, inputs);
        for (var j = 0; j < outputs; j++)
        {
            var maxAbs = w.AsSpan(j * inputs, inputs).ToArray().Max(MathF.Abs);
            Assert.Equal(maxAbs / 127f, q.Scales[j]);
            for (var k = 0; k < inputs; k++)
            {
                var v = q.At(j, k);
                Assert.InRange(v, -127, 127);
                // Rounding to the nearest step: at most half a step off, plus float slack for w/scale.
                Assert.True(Math.Abs(w[(j * inputs) + k] - (q.Scales[j] * v)) <= (q.Scales[j] * (0.5 + 1e-5)) + 1e-30,
                    $"w[{j},{k}] = {w[(j * inputs) + k]} vs {q.Scales[j]}·{v}");
            }
        }

        Assert.Equal(0f, q.Scales[5]);
        Assert.True(q.Scales[3] > 50 * q.Scales[2]);
    }

    [Fact]
    public void Activations_quantize_per_row_within_half_a_step_with_zero_exact_and_padding_cleared()
    {
        const int rows = 5, inputs = 37;
        var x = GemmReference.Random(rows * inputs, 2);
        for (var k = 0; k < inputs; k++)
        {
            x[inputs + k] = Math.Abs(x[inputs + k]) + 3; // an all-positive row: the range still includes 0
            x[(2 * inputs) + k] = 0;
        }

        x[7] = 0;
        var ldq = QuantizedGemm.RowStride(inputs);
        Assert.Equal(40, ldq);
        var q = new byte[rows * ldq];
        Array.Fill(q, (byte)99);
        var scales = new float[rows];
        var zeros = new int[rows];
        QuantizedGemm.QuantizeActivations(x, rows, inputs, q, scales, zeros);
        for (var i = 0; i < rows; i++)
        {
            Assert.InRange(zeros[i], 0, 255);
            for (var k = 0; k < inputs; k++)
            {
                var back = scales[i] * (q[(i * ldq) + k] - zeros[i]);
                Assert.True(Math.Abs(x[(i * inputs) + k] - back) <= scales[i] * (0.5 + 1e-5), $"x[{i},{k}] = {x[(i * inputs) + k]} came back {back}");
            }

            for (var k = inputs; k < ldq; k++)
            {
                Assert.Equal(0, q[(i * ldq) + k]);
            }
        }

        Assert.Equal(0f, scales[0] * (q[7] - zeros[0]));
        Assert.Equal(0, zeros[1]);
        Assert.All(Enumerable.Range(0, inputs), k => Assert.Equal(zeros[2], q[(2 * ldq) + k]));
    }

    [Fact]
    public void Vector_quantization_gives_the_bytes_of_the_scalar_formula()
    {
        // 203 inputs: three 64-wide steps (saturating packs + lane permute), one 16-wide step, then a scalar tail.
        const int rows = 4, inputs = 203;
        var x = GemmReference.Random(rows * inputs, 12);
        x[5] = 1e-9f; // far inside one step
        var ldq = QuantizedGemm.RowStride(inputs);
        var q = new byte[rows * ldq];
        var scales = new float[rows];
        var zeros = new int[rows];
        QuantizedGemm.QuantizeActivations(x, rows, inputs, q, scales, zeros);
        for (var i = 0; i < rows; i++)
        {
            var inverse = 1 / scales[i];
            for (var k = 0; k < inputs; k++)
            {
                var expected = Math.Clamp((int)MathF.Round(x[(i * inputs) + k] * inverse) + zeros[i], 0, 255);
                Assert.True(expected == q[(i * ldq) + k], $"q[{i},{k}] = {q[(i * ldq) + k]}, scalar formula {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Int8_dense_matches_the_float_product_within_the_quantization_error_bound(KernelPath path)
    {
        foreach (var rows in new[] { 1, 7, 33 })
        {
            foreach (var inputs in OddSizes)
            {
                foreach (var outputs in OddSizes)
                {
                    CheckAgainstFloat(path, 1, rows, inputs, outputs, Activation.Identity);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Int8_dense_fuses_bias_and_every_activation(KernelPath path)
    {
        foreach (var activation in Enum.GetValues<Activation>())
        {
            CheckAgainstFloat(path, 1, 13, 100, 70, activation);
        }
    }

    [Fact]
    public void Every_int8_path_and_thread_count_gives_the_same_bits()
    {
        const int rows = 130, inputs = 787, outputs = 515;
        var x = GemmReference.Random(rows * inputs, 3);
        var w = QuantizedWeights.Quantize(GemmReference.Random(outputs * inputs, 4), outputs, inputs);
        var bias = GemmReference.Random(outputs, 5);
        var expected = new float[rows * outputs];
        QuantizedGemm.Dense(KernelPath.Scalar, 1, x, rows, w, expected, bias, Activation.ReLU);
        foreach (KernelPath path in Paths())
        {
            foreach (var threads in new[] { 1, 2, 3 })
            {
                var y = new float[rows * outputs];
                QuantizedGemm.Dense(path, threads, x, rows, w, y, bias, Activation.ReLU);
                Assert.True(expected.AsSpan().SequenceEqual(y), $"{path} with {threads} threads differs from the scalar path");
            }
        }
    }

    [Fact]
    public void Int8_multiply_computes_exactly_the_integer_formula()
    {
        // y = sx·sw·(Σ qx·qw − zx·Σ qw) + b evaluated in double from the quantized values: only the float epilogue's
        // 4 roundings (int→float, sx·sw, the product, + b) separate the kernel from it.
        const int rows = 9, inputs = 300, outputs = 40;
        var x = GemmReference.Random(rows * inputs, 6);
        var w = QuantizedWeights.Quantize(GemmReference.Random(outputs * inputs, 7), outputs, inputs);
        var bias = GemmReference.Random(outputs, 8);
        var ldq = QuantizedGemm.RowStride(inputs);
        var q = new byte[rows * ldq];
        var scales = new float[rows];
        var zeros = new int[rows];
        QuantizedGemm.QuantizeActivations(x, rows, inputs, q, scales, zeros);
        var y = new float[rows * outputs];
        QuantizedGemm.Multiply(q, scales, zeros, rows, w, y, bias);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                long dot = 0, colSum = 0;
                for (var k = 0; k < inputs; k++)
                {
                    dot += q[(i * ldq) + k] * w.At(j, k);
                    colSum += w.At(j, k);
                }

                var core = (double)scales[i] * w.Scales[j] * (dot - (zeros[i] * colSum));
                var expected = core + bias[j];
                var bound = 4 * GemmReference.U * (Math.Abs(core) + Math.Abs(bias[j]));
                Assert.True(Math.Abs(y[(i * outputs) + j] - expected) <= bound, $"y[{i},{j}] = {y[(i * outputs) + j]}, expected {expected}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Int32_multiply_of_signed_codes_is_exact_on_every_path(KernelPath path)
    {
        foreach (var (rows, inputs, outputs) in new[] { (1, 1, 1), (7, 33, 257), (33, 257, 7), (130, 301, 70) })
        {
            var rng = new Random(rows + inputs + outputs);
            var a = new sbyte[rows * inputs];
            var codes = new sbyte[outputs * inputs];
            rng.NextBytes(MemoryMarshal.AsBytes(a.AsSpan()));
            rng.NextBytes(MemoryMarshal.AsBytes(codes.AsSpan()));
            a[0] = sbyte.MinValue; // the extremes must not saturate anywhere: (−128)·(−128) summed over k fits int32
            codes[0] = sbyte.MinValue;
            var w = QuantizedWeights.FromCodes(codes, new float[outputs], outputs, inputs);
            foreach (var threads in new[] { 1, 2 })
            {
                var c = new int[rows * outputs];
                QuantizedGemm.MultiplyInt32(path, threads, a, rows, w, c);
                for (var i = 0; i < rows; i++)
                {
                    for (var j = 0; j < outputs; j++)
                    {
                        var expected = 0;
                        for (var k = 0; k < inputs; k++)
                        {
                            expected += a[(i * inputs) + k] * codes[(j * inputs) + k];
                        }

                        Assert.True(expected == c[(i * outputs) + j], $"{path} t{threads} {rows}×{inputs}×{outputs}: c[{i},{j}] = {c[(i * outputs) + j]}, expected {expected}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Weights_from_codes_keep_the_codes_and_scales_given()
    {
        sbyte[] codes = [1, -2, 3, -128, 127, 0];
        var w = QuantizedWeights.FromCodes(codes, [0.5f, 2f], 2, 3);
        Assert.Equal([0.5f, 2f], w.Scales.ToArray());
        Assert.Equal(codes, Enumerable.Range(0, 6).Select(i => w.At(i / 3, i % 3)).ToArray());
        var e = Assert.Throws<ArgumentException>(() => QuantizedWeights.FromCodes(codes, [1f], 2, 3));
        Assert.Equal("scales", e.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Int8_dense_allocates_nothing_per_call_after_warm_up(int threads)
    {
        const int rows = 128, inputs = 784, outputs = 512;
        var x = GemmReference.Random(rows * inputs, 9);
        var w = QuantizedWeights.Quantize(GemmReference.Random(outputs * inputs, 10), outputs, inputs);
        var y = new float[rows * outputs];
        for (var i = 0; i < 3; i++)
        {
            QuantizedGemm.Dense(KernelPath.Auto, threads, x, rows, w, y, default, Activation.ReLU);
        }

        // The fewest bytes over three rounds: a per-call allocation shows in every round, while a one-off on this thread
        // (the JIT promoting a method mid-run on a loaded machine) shows in one at most.
        var fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                QuantizedGemm.Dense(KernelPath.Auto, threads, x, rows, w, y, default, Activation.ReLU);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Int8_calls_name_the_argument_that_does_not_fit()
    {
        var w = QuantizedWeights.Quantize(new float[6], 2, 3);
        var y = Assert.Throws<ArgumentException>(() => QuantizedGemm.Dense(new float[12], 4, w, new float[7]));
        Assert.Equal("y", y.ParamName);
        Assert.Contains("rows × outputs = 4×2 needs 8", y.Message, StringComparison.Ordinal);
        var x = Assert.Throws<ArgumentException>(() => QuantizedGemm.Dense(new float[11], 4, w, new float[8]));
        Assert.Equal("x", x.ParamName);
        var bias = Assert.Throws<ArgumentException>(() => QuantizedGemm.Dense(new float[12], 4, w, new float[8], new float[3]));
        Assert.Equal("bias", bias.ParamName);
        var weights = Assert.Throws<ArgumentException>(() => QuantizedWeights.Quantize(new float[5], 2, 3));
        Assert.Equal("weights", weights.ParamName);
        Assert.Contains("2×3 needs 6", weights.Message, StringComparison.Ordinal);
    }

    static void CheckAgainstFloat(KernelPath path, int threads, int rows, int inputs, int outputs, Activation activation)
    {
        var x = GemmReference.Random(rows * inputs, rows + inputs);
        var wf = GemmReference.Random(outputs * inputs, outputs + (3 * inputs));
        var bias = GemmReference.Random(outputs, outputs);
        var w = QuantizedWeights.Quantize(wf, outputs, inputs);
        var y = new float[rows * outputs];
        QuantizedGemm.Dense(path, threads, x, rows, w, y, bias, activation);

        // The same quantization parameters the call used, to price its error.
        var ldq = QuantizedGemm.RowStride(inputs);
        var scales = new float[rows];
        var zeros = new int[rows];
        QuantizedGemm.QuantizeActivations(x, rows, inputs, new byte[rows * ldq], scales, zeros);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                double exact = 0, quantError = 0, magnitude = 0;
                for (var k = 0; k < inputs; k++)
                {
                    var xv = x[(i * inputs) + k];
                    var wv = wf[(j * inputs) + k];
                    exact += xv * wv;
                    // |xw − x̂ŵ| ≤ |x − x̂|·|w| + |x̂|·|w − ŵ|, each quantization error at most half its step.
                    quantError += (scales[i] / 2 * Math.Abs(wv)) + ((Math.Abs(xv) + (scales[i] / 2)) * w.Scales[j] / 2);
                    magnitude += Math.Abs(xv * wv);
                }

                var pre = exact + bias[j];
                var expected = GemmReference.Activate(pre, activation);
                // + float rounding of the epilogue (a few ulps of the magnitudes), through an activation of slope ≤ 1.13.
                var bound = (1.13 * (quantError + (8 * GemmReference.U * (magnitude + quantError + Math.Abs(bias[j]))))) + (8 * GemmReference.U * (Math.Abs(expected) + 1e-3));
                var actual = y[(i * outputs) + j];
                Assert.True(Math.Abs(actual - expected) <= bound,
                    $"{path} {activation} rows={rows} inputs={inputs} outputs={outputs}: y[{i},{j}] = {actual}, expected {expected} ± {bound:E2}");
            }
        }
    }
}
