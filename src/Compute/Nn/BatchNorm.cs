using System.Text.Json;

namespace BigDL.Compute.Nn;

/// <summary>
/// Batch normalisation over dimension 1 (features of [B, C] or channels of [B, C, H, W]), PyTorch's BatchNorm1d/2d:
/// batch statistics in training (updating running mean and unbiased variance with <see cref="Momentum"/>), running ones in inference.
/// </summary>
public sealed class BatchNorm(float momentum = 0.1f, float epsilon = 1e-5f, string? name = null) : UnaryLayer(name)
{
    Tensor? _normalized, _output, _inputGradient;
    float[] _runningMean = [], _runningVar = [], _rstd = [];
    int _channels, _spatial, _batch;
    bool _training;

    /// <summary>Weight of the newest batch in the running statistics.</summary>
    public float Momentum { get; } = momentum;

    /// <summary>Added to the variance.</summary>
    public float Epsilon { get; } = epsilon;

    /// <summary>Scale γ [C].</summary>
    public Parameter Weight { get; private set; } = null!; // set in OnBuild

    /// <summary>Shift β [C].</summary>
    public Parameter Bias { get; private set; } = null!;

    /// <inheritdoc/>
    public override string Kind => "BatchNorm";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, int[] Shape, float[] Values)> Buffers =>
        [("running_mean", [_channels], _runningMean), ("running_var", [_channels], _runningVar)];

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length == 0)
        {
            throw new ShapeMismatchException($"layer '{Name}' (BatchNorm) needs [batch, channels, ...]");
        }

        _channels = inputShape[0];
        _spatial = Tensors.Tensor.Product(inputShape.AsSpan(1));
        Weight = AddParameter(parameters, "weight", [_channels], Init.Ones);
        Bias = AddParameter(parameters, "bias", [_channels], Init.Zeros);
        _runningMean = new float[_channels];
        _runningVar = new float[_channels];
        _runningVar.AsSpan().Fill(1);
        _rstd = new float[_channels];
        return inputShape;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        _batch = input.Dim(0);
        _training = training;
        EnsureBatch(ref _normalized, _batch, OutputShape);
        EnsureBatch(ref _output, _batch, OutputShape);
        var x = input.Span;
        var xhat = _normalized.Span;
        var y = _output.Span;
        var n = _batch * _spatial;
        for (var c = 0; c < _channels; c++)
        {
            float mean, variance;
            if (training)
            {
                double sum = 0, squares = 0;
                for (var b = 0; b < _batch; b++)
                {
                    foreach (var v in x.Slice((b * _channels + c) * _spatial, _spatial))
                    {
                        sum += v;
                        squares += (double)v * v;
                    }
                }

                mean = (float)(sum / n);
                variance = (float)Math.Max(squares / n - (double)mean * mean, 0);
                var unbiased = n > 1 ? variance * n / (n - 1) : variance;
                _runningMean[c] = (1 - Momentum) * _runningMean[c] + Momentum * mean;
                _runningVar[c] = (1 - Momentum) * _runningVar[c] + Momentum * unbiased;
            }
            else
            {
                mean = _runningMean[c];
                variance = _runningVar[c];
            }

            var rstd = 1 / MathF.Sqrt(variance + Epsilon);
            _rstd[c] = rstd;
            float gamma = Weight.Value[c], beta = Bias.Value[c];
            for (var b = 0; b < _batch; b++)
            {
                var start = (b * _channels + c) * _spatial;
                for (var s = 0; s < _spatial; s++)
                {
                    var h = (x[start + s] - mean) * rstd;
                    xhat[start + s] = h;
                    y[start + s] = h * gamma + beta;
                }
            }
        }

        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var dy = outputGradient.Span;
        var xhat = _normalized!.Span; // set by Forward
        if (InputGradientRequired)
        {
            EnsureBatch(ref _inputGradient, _batch, OutputShape);
        }

        var n = _batch * _spatial;
        for (var c = 0; c < _channels; c++)
        {
            double sumDy = 0, sumDyXhat = 0;
            for (var b = 0; b < _batch; b++)
            {
                var start = (b * _channels + c) * _spatial;
                for (var s = 0; s < _spatial; s++)
                {
                    sumDy += dy[start + s];
                    sumDyXhat += (double)dy[start + s] * xhat[start + s];
                }
            }

            Weight.Grad[c] += (float)sumDyXhat;
            Bias.Grad[c] += (float)sumDy;
            if (!InputGradientRequired)
            {
                continue;
            }

            var dx = _inputGradient!.Span;
            var scale = Weight.Value[c] * _rstd[c];
            var meanDy = (float)(sumDy / n);
            var meanDyXhat = (float)(sumDyXhat / n);
            for (var b = 0; b < _batch; b++)
            {
                var start = (b * _channels + c) * _spatial;
                for (var s = 0; s < _spatial; s++)
                {
                    // Training mode: statistics depend on x; inference: a fixed affine map.
                    dx[start + s] = _training
                        ? scale * (dy[start + s] - meanDy - xhat[start + s] * meanDyXhat)
                        : scale * dy[start + s];
                }
            }
        }

        return InputGradientRequired ? _inputGradient : null;
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("momentum", Momentum);
        writer.WriteNumber("epsilon", Epsilon);
    }
}
