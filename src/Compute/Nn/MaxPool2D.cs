using System.Text.Json;

namespace BigDL.Compute.Nn;

/// <summary>Max pooling over [batch, channels, height, width] windows (PyTorch <c>nn.MaxPool2d</c>, no padding).</summary>
public sealed class MaxPool2D(int[] pool, int[]? stride = null, string? name = null) : UnaryLayer(name)
{
    Tensor? _output, _inputGradient;
    int[] _argmax = [];
    int _c, _h, _w, _ho, _wo, _batch;

    /// <summary>Window [ph, pw].</summary>
    public int[] Pool { get; } = pool is { Length: 2 } && pool.All(p => p > 0) ? pool : throw new ArgumentException("pool must be [ph, pw], positive", nameof(pool));

    /// <summary>Stride [sh, sw]; defaults to the window.</summary>
    public int[] Stride { get; } = stride ?? pool;

    /// <inheritdoc/>
    public override string Kind => "MaxPool2D";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length != 3)
        {
            throw new ShapeMismatchException($"layer '{Name}' (MaxPool2D) takes [batch, channels, height, width], got [batch, {string.Join(", ", inputShape)}]");
        }

        (_c, _h, _w) = (inputShape[0], inputShape[1], inputShape[2]);
        _ho = (_h - Pool[0]) / Stride[0] + 1;
        _wo = (_w - Pool[1]) / Stride[1] + 1;
        if (_ho <= 0 || _wo <= 0)
        {
            throw new ShapeMismatchException($"layer '{Name}' (MaxPool2D): window {Pool[0]}x{Pool[1]} does not fit input {_h}x{_w}");
        }

        return [_c, _ho, _wo];
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        _batch = input.Dim(0);
        EnsureBatch(ref _output, _batch, OutputShape);
        if (_argmax.Length < _output.Length)
        {
            _argmax = new int[_output.Length];
        }

        var x = input.Span;
        var y = _output.Span;
        var o = 0;
        for (var plane = 0; plane < _batch * _c; plane++)
        {
            var baseIndex = plane * _h * _w;
            for (var oy = 0; oy < _ho; oy++)
            {
                for (var ox = 0; ox < _wo; ox++, o++)
                {
                    var best = -1;
                    var max = float.NegativeInfinity;
                    for (var i = 0; i < Pool[0]; i++)
                    {
                        for (var j = 0; j < Pool[1]; j++)
                        {
                            var index = baseIndex + (oy * Stride[0] + i) * _w + ox * Stride[1] + j;
                            if (best < 0 || x[index] > max)
                            {
                                max = x[index];
                                best = index;
                            }
                        }
                    }

                    y[o] = max;
                    _argmax[o] = best;
                }
            }
        }

        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!InputGradientRequired)
        {
            return null;
        }

        EnsureBatch(ref _inputGradient, _batch, InputShapes[0]);
        var dx = _inputGradient.Span;
        dx.Clear();
        var dy = outputGradient.Span;
        for (var o = 0; o < dy.Length; o++)
        {
            dx[_argmax[o]] += dy[o];
        }

        return _inputGradient;
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Conv2D.Ints(writer, "pool", Pool);
        Conv2D.Ints(writer, "stride", Stride);
    }
}
