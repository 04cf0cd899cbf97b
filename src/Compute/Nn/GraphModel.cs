using System.Numerics.Tensors;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>
/// A functional model: named inputs and layers applied to earlier nodes (several inputs, shared inputs, merges).
/// Build it with <see cref="Input"/>, <see cref="Apply"/> and <see cref="SetOutput"/>, then <see cref="Model.Build"/>.
/// </summary>
public sealed class GraphModel : Model
{
    readonly List<Node> _nodes = [];
    readonly List<Node> _inputs = [];
    readonly List<Layer> _layers = [];
    Node? _output;
    int[][] _inputShapes = [];
    Tensor?[] _values = [];
    Tensor?[] _gradients = [];
    Tensor?[] _accumulators = [];
    int[] _consumers = [];
    int[] _received = [];
    Tensor[][] _layerInputs = [];
    Tensor?[][] _layerGradients = [];

    /// <inheritdoc/>
    public override IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc/>
    public override IReadOnlyList<int[]> InputShapes => _inputShapes;

    /// <summary>All nodes in creation order.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>The model inputs in declaration order (the order of tensors passed to Forward).</summary>
    public IReadOnlyList<Node> Inputs => _inputs;

    /// <summary>The output node.</summary>
    public Node? Output => _output;

    /// <summary>Declares a model input of per-sample shape <paramref name="shape"/>.</summary>
    public Node Input(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        CheckOpen();
        if (_nodes.Any(n => n.Name == name))
        {
            throw new ArgumentException($"duplicate node name '{name}'", nameof(name));
        }

        var node = new Node(_nodes.Count, name, null, [], (int[])shape.Clone());
        _nodes.Add(node);
        _inputs.Add(node);
        _inputShapes = [.. _inputs.Select(n => n.InputShape!)];
        return node;
    }

    /// <summary>Applies <paramref name="layer"/> to earlier nodes and returns the resulting node.</summary>
    public Node Apply(Layer layer, params Node[] inputs)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(inputs);
        CheckOpen();
        if (inputs.Length != layer.Arity)
        {
            throw new ArgumentException($"layer '{layer.Name}' ({layer.Kind}) takes {layer.Arity} input(s), got {inputs.Length}", nameof(inputs));
        }

        foreach (var input in inputs)
        {
            if (input.Index >= _nodes.Count || _nodes[input.Index] != input)
            {
                throw new ArgumentException($"node '{input.Name}' belongs to another graph", nameof(inputs));
            }
        }

        AssignName(layer);
        if (_inputs.Any(i => i.Name == layer.Name))
        {
            throw new ArgumentException($"layer name '{layer.Name}' is already an input's name", nameof(layer));
        }

        var node = new Node(_nodes.Count, layer.Name, layer, inputs, null);
        _nodes.Add(node);
        _layers.Add(layer);
        return node;
    }

    /// <summary>Marks the node whose value the model returns.</summary>
    public GraphModel SetOutput(Node output)
    {
        ArgumentNullException.ThrowIfNull(output);
        CheckOpen();
        _output = output;
        return this;
    }

    /// <inheritdoc/>
    protected override void OnBuild()
    {
        if (_output is null || _inputs.Count == 0)
        {
            throw new InvalidOperationException("a graph model needs at least one input and an output (SetOutput)");
        }

        var count = _nodes.Count;
        var shapes = new int[count][];
        _values = new Tensor?[count];
        _gradients = new Tensor?[count];
        _accumulators = new Tensor?[count];
        _consumers = new int[count];
        _received = new int[count];
        _layerInputs = new Tensor[count][];
        _layerGradients = new Tensor?[count][];
        foreach (var node in _nodes)
        {
            if (node.Layer is null)
            {
                shapes[node.Index] = node.InputShape!;
                continue;
            }

            var inputShapes = node.Inputs.Select(i => shapes[i.Index]).ToArray();
            node.Layer.Build(inputShapes, Parameters);
            if (node.Inputs.All(i => i.IsInput))
            {
                node.Layer.InputGradientRequired = false;
            }

            shapes[node.Index] = [.. node.Layer.OutputShape];
            _layerInputs[node.Index] = new Tensor[node.Inputs.Count];
            _layerGradients[node.Index] = new Tensor?[node.Inputs.Count];
            foreach (var input in node.Inputs)
            {
                _consumers[input.Index]++;
            }
        }

        OutputShape = shapes[_output.Index];
    }

    /// <inheritdoc/>
    protected override int ModelInputOf(Layer layer)
    {
        // A layer belongs to one node (building it twice is refused).
        foreach (var node in _nodes)
        {
            if (ReferenceEquals(node.Layer, layer))
            {
                return node.Inputs is [{ IsInput: true } input] ? _inputs.IndexOf(input) : -1;
            }
        }

        return -1;
    }

    /// <inheritdoc/>
    protected override Tensor OnForward(ReadOnlySpan<Tensor> inputs, bool training)
    {
        for (var i = 0; i < _inputs.Count; i++)
        {
            _values[_inputs[i].Index] = inputs[i];
        }

        foreach (var node in _nodes)
        {
            if (node.Layer is null || node.Index > _output!.Index)
            {
                continue;
            }

            var args = _layerInputs[node.Index];
            for (var j = 0; j < args.Length; j++)
            {
                args[j] = _values[node.Inputs[j].Index]!;
            }

            _values[node.Index] = node.Layer.Forward(args, training);
        }

        return _values[_output!.Index]!;
    }

    /// <inheritdoc/>
    protected override void OnBackward(Tensor outputGradient)
    {
        Array.Clear(_gradients);
        Array.Clear(_received);
        _gradients[_output!.Index] = outputGradient;
        for (var index = _output.Index; index >= 0; index--)
        {
            var node = _nodes[index];
            var g = _gradients[index];
            if (node.Layer is null || g is null)
            {
                continue;
            }

            var grads = _layerGradients[index];
            Array.Clear(grads);
            node.Layer.Backward(g, grads);
            for (var j = 0; j < grads.Length; j++)
            {
                var input = node.Inputs[j];
                if (!input.IsInput && grads[j] is { } gj)
                {
                    Accumulate(input.Index, gj);
                }
            }
        }
    }

    // A node read by several layers receives the sum of their gradients; a node read once takes the tensor as is.
    void Accumulate(int index, Tensor gradient)
    {
        if (_consumers[index] == 1)
        {
            _gradients[index] = gradient;
            return;
        }

        if (_received[index]++ == 0)
        {
            Tensor.Ensure(ref _accumulators[index], gradient.Shape);
            gradient.Span.CopyTo(_accumulators[index]!.Span);
            _gradients[index] = _accumulators[index];
        }
        else
        {
            var acc = _accumulators[index]!.Span;
            TensorPrimitives.Add(acc, gradient.Span, acc);
        }
    }

    void CheckOpen()
    {
        if (IsBuilt)
        {
            throw new InvalidOperationException("the graph is already built");
        }
    }
}
