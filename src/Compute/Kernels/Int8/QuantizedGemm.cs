using System.Runtime.Intrinsics.X86;

namespace BigDL.Compute.Kernels;

/// <summary>
/// Int8 inference for quantized Dense layers: y = x·Wᵀ + bias, then activation, with x quantized per row to uint8 at
/// run time (dynamic scale and zero point from the row's range), W int8 per output channel
/// (<see cref="QuantizedWeights"/>), int32 accumulation by VNNI (AVX2 or scalar elsewhere), and a float32 epilogue.
/// </summary>
/// <remarks>
/// y[i, j] = scale_x[i] · scale_w[j] · (Σ_k qx[i, k]·qw[j, k] − zero_x[i]·Σ_k qw[j, k]) + bias[j].
/// Allocation-free in steady state; threads as <see cref="ComputeThreads.Count"/> says.
/// </remarks>
public static class QuantizedGemm
{
    /// <summary>The integer path <see cref="KernelPath.Auto"/> picks here: Avx512 (meaning VNNI dot products), Avx2 or Scalar.</summary>
    public static KernelPath BestPath { get; } =
        AvxVnni.IsSupported ? KernelPath.Avx512 : Avx2.IsSupported ? KernelPath.Avx2 : KernelPath.Scalar;

    /// <summary>Whether the integer kernels can run <paramref name="path"/> here (Avx512 needs AVX-VNNI).</summary>
    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Auto or KernelPath.Scalar => true,
        KernelPath.Avx2 => Avx2.IsSupported,
        KernelPath.Avx512 => AvxVnni.IsSupported,
        _ => false,
    };

    /// <summary>Bytes per row of quantized activations for <paramref name="inputs"/> features: rounded up to a multiple of 4.</summary>
    public static int RowStride(int inputs) => (inputs + QuantizedWeights.GroupSize - 1) / QuantizedWeights.GroupSize * QuantizedWeights.GroupSize;

    /// <summary>
    /// Quantizes <paramref name="rows"/> × <paramref name="inputs"/> floats (row-major) to uint8, one scale and zero point
    /// per row: x ≈ scales[i]·(q − zeroPoints[i]), error at most scales[i]/2. <paramref name="q"/> holds
    /// rows × <see cref="RowStride"/>(inputs) bytes; the padding bytes are zeroed.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for the shape; the message names it.</exception>
    public static void QuantizeActivations(ReadOnlySpan<float> x, int rows, int inputs, Span<byte> q, Span<float> scales, Span<int> zeroPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        var ldq = RowStride(inputs);
        Need("x", x.Length, rows, inputs, "rows × inputs");
        Need("q", q.Length, rows, ldq, "rows × RowStride(inputs)");
        Need("scales", scales.Length, rows, 1, "rows");
        Need("zeroPoints", zeroPoints.Length, rows, 1, "rows");
        ActivationQuantizer.Quantize(x, inputs, rows, inputs, q, ldq, scales, zeroPoints);
    }

    /// <summary>
    /// y (rows × weights.Outputs, row-major) = dequantized (q · qwᵀ) + bias, then activation; q as
    /// <see cref="QuantizeActivations"/> wrote it.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for the shape, or bias is not empty and not Outputs long.</exception>
    public static void Multiply(
        ReadOnlySpan<byte> q, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int rows, QuantizedWeights weights,
        Span<float> y, ReadOnlySpan<float> bias = default, Activation activation = Activation.Identity) =>
        Multiply(KernelPath.Auto, ComputeThreads.Count, q, scales, zeroPoints, rows, weights, y, bias, activation);

    /// <summary>
    /// y = x·Wᵀ + bias, then activation, for float x (rows × weights.Inputs): quantizes x into this thread's scratch and
    /// runs <see cref="Multiply(ReadOnlySpan{byte}, ReadOnlySpan{float}, ReadOnlySpan{int}, int, QuantizedWeights, Span{float}, ReadOnlySpan{float}, Activation)"/>.
    /// Allocates only when a call needs more scratch than this thread had.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for the shape; the message names it.</exception>
    public static void Dense(
        ReadOnlySpan<float> x, int rows, QuantizedWeights weights, Span<float> y,
        ReadOnlySpan<float> bias = default, Activation activation = Activation.Identity) =>
        Dense(KernelPath.Auto, ComputeThreads.Count, x, rows, weights, y, bias, activation);

    /// <summary>
    /// c (rows × weights.Outputs, row-major) = a · qwᵀ exactly in int32, for symmetric int8 activation codes
    /// <paramref name="a"/> (rows × weights.Inputs, row-major): the integer core for callers that quantize and
    /// dequantize themselves. Internally a + 128 runs through the u8×s8 kernels and 128·Σqw is subtracted.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short for the shape; the message names it.</exception>
    public static void MultiplyInt32(ReadOnlySpan<sbyte> a, int rows, QuantizedWeights weights, Span<int> c) =>
        MultiplyInt32(KernelPath.Auto, ComputeThreads.Count, a, rows, weights, c);

    /// <summary><see cref="MultiplyInt32(ReadOnlySpan{sbyte}, int, QuantizedWeights, Span{int})"/> on a chosen path and thread count.</summary>
    internal static unsafe void MultiplyInt32(KernelPath path, int threads, ReadOnlySpan<sbyte> a, int rows, QuantizedWeights weights, Span<int> c)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Need("a", a.Length, rows, weights.Inputs, "rows × inputs");
        Need("c", c.Length, rows, weights.Outputs, "rows × outputs");
        path = ResolvePath(path);
        if (rows == 0)
        {
            return;
        }

        var scratch = Int8Scratch.Current;
        var ldq = RowStride(weights.Inputs);
        var q = scratch.Activations(rows * ldq);
        var zeros = scratch.ZeroPoints(rows);
        zeros.Fill(128);
        ActivationQuantizer.ShiftSigned(a, rows, weights.Inputs, q, ldq);
        fixed (byte* pq = q)
        fixed (int* pz = zeros)
        fixed (sbyte* pw = weights.Packed)
        fixed (int* pcs = weights.ColumnSums)
        fixed (int* pc = c)
        {
            var problem = new Int8Problem
            {
                Rows = rows,
                Outputs = weights.Outputs,
                Groups = weights.Groups,
                Q = pq,
                Ldq = ldq,
                ZeroPoints = pz,
                Weights = pw,
                ColumnSums = pcs,
                YInt = pc,
            };
            Int8Job.Run(problem, path, threads);
        }
    }

    /// <summary><see cref="Dense(ReadOnlySpan{float}, int, QuantizedWeights, Span{float}, ReadOnlySpan{float}, Activation)"/> on a chosen path and thread count.</summary>
    internal static void Dense(
        KernelPath path, int threads, ReadOnlySpan<float> x, int rows, QuantizedWeights weights, Span<float> y,
        ReadOnlySpan<float> bias, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Need("x", x.Length, rows, weights.Inputs, "rows × inputs");
        var scratch = Int8Scratch.Current;
        var ldq = RowStride(weights.Inputs);
        var q = scratch.Activations(rows * ldq);
        var scales = scratch.Scales(rows);
        var zeros = scratch.ZeroPoints(rows);

        // The job quantizes x itself, each thread its own rows, instead of one thread quantizing all of x first.
        Run(path, threads, x, q, scales, zeros, rows, weights, y, bias, activation);
    }

    /// <summary><see cref="Multiply(ReadOnlySpan{byte}, ReadOnlySpan{float}, ReadOnlySpan{int}, int, QuantizedWeights, Span{float}, ReadOnlySpan{float}, Activation)"/> on a chosen path and thread count.</summary>
    internal static void Multiply(
        KernelPath path, int threads,
        ReadOnlySpan<byte> q, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int rows, QuantizedWeights weights,
        Span<float> y, ReadOnlySpan<float> bias, Activation activation) =>
        Run(path, threads, default, q, scales, zeroPoints, rows, weights, y, bias, activation);

    /// <summary>The float-output int8 GEMM; when <paramref name="x"/> is not empty, q, scales and zeroPoints are outputs it fills first.</summary>
    static unsafe void Run(
        KernelPath path, int threads, ReadOnlySpan<float> x,
        ReadOnlySpan<byte> q, ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, int rows, QuantizedWeights weights,
        Span<float> y, ReadOnlySpan<float> bias, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var ldq = RowStride(weights.Inputs);
        var n = weights.Outputs;
        Need("q", q.Length, rows, ldq, "rows × RowStride(inputs)");
        Need("scales", scales.Length, rows, 1, "rows");
        Need("zeroPoints", zeroPoints.Length, rows, 1, "rows");
        Need("y", y.Length, rows, n, "rows × outputs");
        if (!bias.IsEmpty && bias.Length != n)
        {
            throw new ArgumentException($"bias has {bias.Length} elements; it must be empty or have outputs = {n}", nameof(bias));
        }

        path = ResolvePath(path);
        if (rows == 0)
        {
            return;
        }

        fixed (float* px = x)
        fixed (byte* pq = q)
        fixed (float* ps = scales)
        fixed (int* pz = zeroPoints)
        fixed (sbyte* pw = weights.Packed)
        fixed (int* pcs = weights.ColumnSums)
        fixed (float* pws = weights.PaddedScales)
        fixed (float* py = y)
        fixed (float* pb = bias)
        {
            var problem = new Int8Problem
            {
                X = x.IsEmpty ? null : px,
                Inputs = weights.Inputs,
                Rows = rows,
                Outputs = n,
                Groups = weights.Groups,
                Q = pq,
                Ldq = ldq,
                RowScales = ps,
                ZeroPoints = pz,
                Weights = pw,
                ColumnSums = pcs,
                WeightScales = pws,
                Y = py,
                Bias = bias.IsEmpty ? null : pb,
                Activation = activation,
            };
            Int8Job.Run(problem, path, threads);
        }
    }

    static KernelPath ResolvePath(KernelPath path) =>
        path == KernelPath.Auto ? BestPath
        : IsSupported(path) ? path
        : throw new PlatformNotSupportedException($"integer kernel path {path} needs instructions this processor lacks; best available is {BestPath}");

    // The message is built only on failure: a call that fits allocates nothing.
    static void Need(string name, int length, int rows, int cols, string shape)
    {
        var needed = (long)rows * cols;
        if (length < needed)
        {
            var sizes = cols == 1 ? $"{rows}" : $"{rows}×{cols}";
            throw new ArgumentException($"{name} has {length} elements; {shape} = {sizes} needs {needed}", name);
        }
    }
}
