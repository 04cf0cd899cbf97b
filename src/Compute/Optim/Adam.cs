using System.Numerics;
using System.Runtime.InteropServices;
using BigDL.Compute.Kernels;

namespace BigDL.Compute.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, https://arxiv.org/abs/1412.6980) as in PyTorch <c>optim.Adam</c>: weight decay added to the
/// gradient (L2). <see cref="AdamW"/> is the same update with decoupled decay.
/// </summary>
public class Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0) : Optimizer(learningRate)
{
    // Below this many elements a second thread costs more to wake than it saves.
    const int ParallelThreshold = 1 << 16;

    readonly AdamWork _work = new();
    float[] _m = [], _v = [];

    /// <summary>First-moment decay β1.</summary>
    public float Beta1 { get; } = beta1;

    /// <summary>Second-moment decay β2.</summary>
    public float Beta2 { get; } = beta2;

    /// <summary>Denominator term ε.</summary>
    public float Epsilon { get; } = epsilon;

    /// <summary>Weight decay coefficient.</summary>
    public float WeightDecay { get; } = weightDecay;

    /// <summary>Whether decay is decoupled from the gradient (AdamW) rather than added to it (Adam's L2).</summary>
    protected virtual bool DecoupledDecay => false;

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, float[] Values)> State => [("exp_avg", _m), ("exp_avg_sq", _v)];

    /// <inheritdoc/>
    protected override void CreateState(int length)
    {
        _m = new float[length];
        _v = new float[length];
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, float learningRate, long step)
    {
        var bc1 = 1 - Math.Pow(Beta1, step);
        var bc2 = 1 - Math.Pow(Beta2, step);
        var coefficients = new AdamStep(
            Beta1, Beta2, Epsilon, (float)(learningRate / bc1), (float)(1 / Math.Sqrt(bc2)),
            DecoupledDecay ? 0 : WeightDecay, DecoupledDecay ? 1 - learningRate * WeightDecay : 1);
        var parts = Math.Min(ComputeThreads.Count, values.Length / ParallelThreshold);
        if (parts > 1 && _work.Run(coefficients, values, gradients, _m, _v, parts))
        {
            return;
        }

        Apply(coefficients, values, gradients, _m, _v);
    }

    /// <summary>The per-element update, one fused pass over p, g, m, v (PyTorch makes several).</summary>
    internal static void Apply(in AdamStep s, Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && p.Length >= Vector<float>.Count)
        {
            var vp = MemoryMarshal.Cast<float, Vector<float>>(p);
            var vg = MemoryMarshal.Cast<float, Vector<float>>(g);
            var vm = MemoryMarshal.Cast<float, Vector<float>>(m);
            var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
            var b1 = new Vector<float>(s.Beta1);
            var b1c = new Vector<float>(1 - s.Beta1);
            var b2 = new Vector<float>(s.Beta2);
            var b2c = new Vector<float>(1 - s.Beta2);
            var eps = new Vector<float>(s.Epsilon);
            var stepSize = new Vector<float>(s.StepSize);
            var invSqrtBc2 = new Vector<float>(s.InverseSqrtBiasCorrection2);
            var l2 = new Vector<float>(s.L2);
            var keep = new Vector<float>(s.DecayFactor);
            for (var k = 0; k < vp.Length; k++)
            {
                var w = vp[k] * keep;
                var grad = vg[k] + l2 * w;
                var mk = b1 * vm[k] + b1c * grad;
                var vk = b2 * vv[k] + b2c * grad * grad;
                vm[k] = mk;
                vv[k] = vk;
                vp[k] = w - stepSize * mk / (Vector.SquareRoot(vk) * invSqrtBc2 + eps);
            }

            i = vp.Length * Vector<float>.Count;
        }

        for (; i < p.Length; i++)
        {
            var w = p[i] * s.DecayFactor;
            var grad = g[i] + s.L2 * w;
            m[i] = s.Beta1 * m[i] + (1 - s.Beta1) * grad;
            v[i] = s.Beta2 * v[i] + (1 - s.Beta2) * grad * grad;
            p[i] = w - s.StepSize * m[i] / (MathF.Sqrt(v[i]) * s.InverseSqrtBiasCorrection2 + s.Epsilon);
        }
    }
}

/// <summary>One Adam update split into chunks run on the kernels' worker pool (dense Adam over large embeddings is memory-bound).</summary>
internal sealed unsafe class AdamWork : IParallelWork
{
    AdamStep _step;
    float* _p, _g, _m, _v;
    int _length, _chunk;

    /// <summary>Runs the update in <paramref name="parts"/> chunks; false when the pool is busy (the caller then runs it alone).</summary>
    public bool Run(in AdamStep step, Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, int parts)
    {
        fixed (float* pp = p, pg = g, pm = m, pv = v)
        {
            _step = step;
            _p = pp;
            _g = pg;
            _m = pm;
            _v = pv;
            _length = p.Length;

            // Chunks are whole multiples of 16 floats so vector loops stay aligned with the buffer's layout.
            _chunk = (p.Length / parts + 15) / 16 * 16;
            var ran = WorkerPool.Shared.TryRun(this, parts);
            _p = null;
            _g = null;
            _m = null;
            _v = null;
            return ran;
        }
    }

    /// <inheritdoc/>
    public void Execute(int part)
    {
        var start = part * _chunk;
        var count = Math.Min(_chunk, _length - start);
        if (count > 0)
        {
            Adam.Apply(_step, new Span<float>(_p + start, count), new ReadOnlySpan<float>(_g + start, count), new Span<float>(_m + start, count), new Span<float>(_v + start, count));
        }
    }
}

/// <summary>AdamW (Loshchilov &amp; Hutter 2019, https://arxiv.org/abs/1711.05101): Adam with decay applied to the weights, not the gradient.</summary>
public sealed class AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 1e-2f)
    : Adam(learningRate, beta1, beta2, epsilon, weightDecay)
{
    /// <inheritdoc/>
    protected override bool DecoupledDecay => true;
}

/// <summary>Scalars of one Adam step.</summary>
internal readonly record struct AdamStep(
    float Beta1, float Beta2, float Epsilon, float StepSize, float InverseSqrtBiasCorrection2, float L2, float DecayFactor);
