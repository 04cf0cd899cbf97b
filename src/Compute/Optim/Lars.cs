namespace BigDL.Compute.Optim;

/// <summary>
/// LARS (You, Gitman &amp; Ginsburg 2017, https://arxiv.org/abs/1708.03888): SGD with momentum whose step per layer is
/// scaled by trust·‖w‖ / (‖g‖ + wd·‖w‖). Layers are the segments given (see <c>ParameterSet.SegmentsIn</c>);
/// without segments the whole slice is one layer. With trust 0 it is plain momentum SGD with L2 decay.
/// </summary>
public sealed class Lars(float learningRate, float momentum = 0.9f, float weightDecay = 0, float trust = 0.001f, IReadOnlyList<(int Start, int Length)>? segments = null)
    : Optimizer(learningRate)
{
    float[] _velocity = [];

    /// <summary>Momentum factor.</summary>
    public float Momentum { get; } = momentum;

    /// <summary>Weight decay.</summary>
    public float WeightDecay { get; } = weightDecay;

    /// <summary>Trust coefficient η.</summary>
    public float Trust { get; } = trust;

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, float[] Values)> State => [("velocity", _velocity)];

    /// <inheritdoc/>
    protected override void CreateState(int length) => _velocity = new float[length];

    /// <inheritdoc/>
    protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, float learningRate, long step)
    {
        if (segments is null)
        {
            UpdateSegment(values, gradients, _velocity, learningRate);
            return;
        }

        foreach (var (start, length) in segments)
        {
            UpdateSegment(values.Slice(start, length), gradients.Slice(start, length), _velocity.AsSpan(start, length), learningRate);
        }
    }

    void UpdateSegment(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float lr)
    {
        double ww = 0, gg = 0;
        for (var i = 0; i < w.Length; i++)
        {
            ww += (double)w[i] * w[i];
            gg += (double)g[i] * g[i];
        }

        var wn = Math.Sqrt(ww);
        var gn = Math.Sqrt(gg);

        // A layer with zero weights or gradients (fresh biases) falls back to the global rate.
        var local = Trust > 0 && wn > 0 && gn > 0 ? (float)(Trust * wn / (gn + WeightDecay * wn)) : 1f;
        for (var i = 0; i < w.Length; i++)
        {
            v[i] = Momentum * v[i] + lr * local * (g[i] + WeightDecay * w[i]);
            w[i] -= v[i];
        }
    }
}
