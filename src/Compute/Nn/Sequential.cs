using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>A chain of single-input layers (PyTorch's <c>nn.Sequential</c>), with its per-sample input shape.</summary>
public sealed class Sequential : Model
{
    readonly List<UnaryLayer> _layers = [];
    readonly int[] _inputShape;
    readonly int[][] _inputShapes;

    /// <summary>Creates a chain for inputs of per-sample shape <paramref name="inputShape"/>.</summary>
    public Sequential(int[] inputShape, params UnaryLayer[] layers)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(layers);
        _inputShape = (int[])inputShape.Clone();
        _inputShapes = [_inputShape];
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc/>
    public override IReadOnlyList<int[]> InputShapes => _inputShapes;

    /// <summary>Appends a layer (before build); returns this for chaining.</summary>
    public Sequential Add(UnaryLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (IsBuilt)
        {
            throw new InvalidOperationException("cannot add layers after the model is built");
        }

        AssignName(layer);
        _layers.Add(layer);
        return this;
    }

    /// <inheritdoc/>
    protected override void OnBuild()
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException("a Sequential model needs at least one layer");
        }

        var shape = _inputShape;
        for (var i = 0; i < _layers.Count; i++)
        {
            _layers[i].Build([shape], Parameters);
            shape = [.. _layers[i].OutputShape];
        }

        // The model input needs no gradient; later layers stay as they are (an Embedding clears its own flag).
        _layers[0].InputGradientRequired = false;
        OutputShape = shape;
    }

    /// <inheritdoc/>
    protected override int ModelInputOf(Layer layer) => _layers.Count > 0 && ReferenceEquals(layer, _layers[0]) ? 0 : -1;

    /// <inheritdoc/>
    protected override Tensor OnForward(ReadOnlySpan<Tensor> inputs, bool training)
    {
        var x = inputs[0];
        foreach (var layer in _layers)
        {
            x = layer.Forward(x, training);
        }

        return x;
    }

    /// <inheritdoc/>
    protected override void OnBackward(Tensor outputGradient)
    {
        Tensor? g = outputGradient;
        for (var i = _layers.Count - 1; i >= 0 && g is not null; i--)
        {
            g = _layers[i].Backward(g);
        }
    }
}
