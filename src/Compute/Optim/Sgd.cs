namespace BigDL.Compute.Optim;

/// <summary>Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay (PyTorch <c>optim.SGD</c>, dampening 0).</summary>
public sealed class Sgd(float learningRate, float momentum = 0, bool nesterov = false, float weightDecay = 0) : Optimizer(learningRate)
{
    float[] _momentum = [];

    /// <summary>Momentum factor μ.</summary>
    public float Momentum { get; } = momentum;

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; } = nesterov;

    /// <summary>L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; } = weightDecay;

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, float[] Values)> State => Momentum == 0 ? [] : [("momentum", _momentum)];

    /// <inheritdoc/>
    protected override void CreateState(int length) => _momentum = Momentum == 0 ? [] : new float[length];

    /// <inheritdoc/>
    protected override void Update(Span<float> values, ReadOnlySpan<float> gradients, float learningRate, long step)
    {
        var buf = _momentum.AsSpan();
        for (var i = 0; i < values.Length; i++)
        {
            var g = gradients[i] + WeightDecay * values[i];
            if (Momentum != 0)
            {
                // PyTorch starts the buffer at the first gradient rather than at zero.
                buf[i] = step == 1 ? g : Momentum * buf[i] + g;
                g = Nesterov ? g + Momentum * buf[i] : buf[i];
            }

            values[i] -= learningRate * g;
        }
    }
}
