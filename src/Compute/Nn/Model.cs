using BigDL.Compute.Losses;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>A trainable network: layers, one flat <see cref="ParameterSet"/>, forward and backward over a batch.</summary>
/// <remarks>
/// Forward/backward are separate from optimisation: <see cref="ComputeGradients"/> fills the flat gradient buffer
/// and an optimizer (or a parameter shard holding a slice) then updates values. Not thread-safe: one model per thread.
/// </remarks>
public abstract class Model
{
    readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>All parameters and gradients, flat.</summary>
    public ParameterSet Parameters { get; } = new();

    /// <summary>The layers in execution order.</summary>
    public abstract IReadOnlyList<Layer> Layers { get; }

    /// <summary>Per-sample shapes of the model inputs.</summary>
    public abstract IReadOnlyList<int[]> InputShapes { get; }

    /// <summary>Per-sample output shape, known after build.</summary>
    public IReadOnlyList<int> OutputShape { get; protected set; } = [];

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool IsBuilt { get; private set; }

    /// <summary>The seed the parameters were initialised with.</summary>
    public int Seed { get; private set; }

    /// <summary>Builds every layer, allocates the flat buffers and initialises them from <paramref name="seed"/>.</summary>
    public Model Build(int seed = 0)
    {
        if (IsBuilt)
        {
            return this;
        }

        OnBuild();
        Parameters.Allocate(seed);
        Seed = seed;
        IsBuilt = true;
        return this;
    }

    /// <summary>Inference on one batch (no dropout, batch-norm running statistics).</summary>
    public Tensor Forward(params ReadOnlySpan<Tensor> inputs) => Forward(inputs, training: false);

    /// <summary>Runs the forward pass; the result belongs to the model until its next call.</summary>
    public Tensor Forward(ReadOnlySpan<Tensor> inputs, bool training)
    {
        Build(Seed);
        if (inputs.Length != InputShapes.Count)
        {
            throw new ArgumentException($"the model takes {InputShapes.Count} input(s), got {inputs.Length}", nameof(inputs));
        }

        return OnForward(inputs, training);
    }

    /// <summary>Back-propagates dLoss/dOutput of the last forward pass, accumulating into <see cref="ParameterSet.Gradients"/>.</summary>
    public void Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        OnBackward(outputGradient);
    }

    /// <summary>
    /// Zeroes the gradients, runs forward (training mode), the loss and backward; returns the mean loss.
    /// When the loss is NaN or infinite, backward is skipped and the gradients stay zero.
    /// </summary>
    public float ComputeGradients(ReadOnlySpan<Tensor> inputs, Tensor target, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        Parameters.ZeroGrad();
        return AccumulateGradients(inputs, target, loss);
    }

    /// <summary>
    /// Runs forward (training mode), the loss and backward, adding into the gradients as they are (PyTorch's
    /// <c>loss.backward()</c> without <c>zero_grad</c>); returns the mean loss. When the loss is NaN or infinite, backward
    /// is skipped and the gradients are left unchanged.
    /// </summary>
    public float AccumulateGradients(ReadOnlySpan<Tensor> inputs, Tensor target, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var output = Forward(inputs, training: true);
        var value = loss.Forward(output, target);
        if (float.IsFinite(value))
        {
            Backward(loss.Gradient);
        }

        return value;
    }

    /// <summary>
    /// PyTorch's <c>state_dict</c>: every parameter and buffer by qualified name, as tensors that view the model's
    /// memory (writing into them changes the model).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        Build(Seed);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in Parameters.Parameters)
        {
            state[p.Name] = Tensor.FromBuffer(Parameters.Values, p.Offset, [.. p.Shape]);
        }

        foreach (var layer in Layers)
        {
            foreach (var (name, shape, values) in layer.Buffers)
            {
                state[layer.Name + "." + name] = Tensor.FromArray(values, shape);
            }
        }

        return state;
    }

    /// <summary>Copies tensors into the parameters and buffers of the same names; with <paramref name="strict"/>, every one must be present.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (name, target) in StateDict())
        {
            if (!state.TryGetValue(name, out var source))
            {
                if (strict)
                {
                    throw new KeyNotFoundException($"state dict lacks '{name}' {target}");
                }

                continue;
            }

            if (!source.SameShape(target))
            {
                throw new ShapeMismatchException($"state dict entry '{name}' has shape {Tensor.ShapeText(source.Shape)}, the model needs {Tensor.ShapeText(target.Shape)}");
            }

            source.Span.CopyTo(target.Span);
        }
    }

    /// <summary>Predicts for all rows of the inputs, in batches; returns a new tensor [rows, ..OutputShape].</summary>
    public Tensor Predict(IReadOnlyList<Tensor> inputs, int batchSize = 1024)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Build(Seed);
        if (inputs.Count != InputShapes.Count || inputs.Count == 0)
        {
            throw new ArgumentException($"the model takes {InputShapes.Count} input(s), got {inputs.Count}", nameof(inputs));
        }

        var rows = inputs[0].Dim(0);
        var shape = new int[OutputShape.Count + 1];
        shape[0] = rows;
        for (var i = 0; i < OutputShape.Count; i++)
        {
            shape[i + 1] = OutputShape[i];
        }

        var result = new Tensor(shape);
        var views = new Tensor[inputs.Count];
        for (var start = 0; start < rows; start += batchSize)
        {
            var n = Math.Min(batchSize, rows - start);
            for (var i = 0; i < inputs.Count; i++)
            {
                views[i] = inputs[i].Rows(start, n);
            }

            var y = Forward(views, training: false);
            y.Span.CopyTo(result.Span.Slice(start * result.RowLength, y.Length));
        }

        return result;
    }

    /// <summary>Predicts for a single-input model.</summary>
    public Tensor Predict(Tensor input, int batchSize = 1024) => Predict([input], batchSize);

    /// <summary>
    /// Fills <paramref name="ranges"/> with the parts (offset, length) of the flat parameter buffers, increasing and apart,
    /// that a training step on <paramref name="rows"/> of <paramref name="inputs"/> reads and adds gradients into: an
    /// <see cref="Embedding"/> fed by a model input only the rows of that batch's ids, every other parameter whole.
    /// </summary>
    /// <remarks>
    /// Values outside the ranges are not read by that step and its gradients outside them stay as they were, so a
    /// data-parallel replica of an embedding model installs and sends only these parts rather than every row.
    /// </remarks>
    public void ParameterRangesUsed(IReadOnlyList<Tensor> inputs, ReadOnlySpan<int> rows, List<(int Offset, int Length)> ranges)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(ranges);
        Build(Seed);
        if (inputs.Count != InputShapes.Count)
        {
            throw new ArgumentException($"the model takes {InputShapes.Count} input(s), got {inputs.Count}", nameof(inputs));
        }

        ranges.Clear();
        foreach (var layer in Layers)
        {
            var input = ModelInputOf(layer);
            layer.AddParameterRangesUsed(input >= 0 ? inputs[input] : null, rows, ranges);
        }

        // Layers come in build order, so their parameters' offsets increase; sort anyway when a model orders them otherwise.
        var sorted = true;
        for (var i = 1; i < ranges.Count && sorted; i++)
        {
            sorted = ranges[i].Offset >= ranges[i - 1].Offset;
        }

        if (!sorted)
        {
            ranges.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        }

        var merged = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            if (ranges[i].Length == 0)
            {
                continue;
            }

            if (merged > 0 && ranges[merged - 1].Offset + ranges[merged - 1].Length >= ranges[i].Offset)
            {
                var last = ranges[merged - 1];
                ranges[merged - 1] = (last.Offset, Math.Max(last.Offset + last.Length, ranges[i].Offset + ranges[i].Length) - last.Offset);
            }
            else
            {
                ranges[merged++] = ranges[i];
            }
        }

        ranges.RemoveRange(merged, ranges.Count - merged);
    }

    /// <summary>The index of the model input <paramref name="layer"/> reads directly as its only input, or -1.</summary>
    protected virtual int ModelInputOf(Layer layer) => -1;

    /// <summary>Builds the layers and records the output shape (parameters are declared, not yet allocated).</summary>
    protected abstract void OnBuild();

    /// <summary>The forward pass proper.</summary>
    protected abstract Tensor OnForward(ReadOnlySpan<Tensor> inputs, bool training);

    /// <summary>The backward pass proper.</summary>
    protected abstract void OnBackward(Tensor outputGradient);

    /// <summary>Gives a layer a unique name (its own when set and free, else kind + index).</summary>
    protected void AssignName(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (string.IsNullOrEmpty(layer.Name))
        {
            var stem = layer.Kind.ToLowerInvariant();
            var i = 0;
            while (_names.Contains(stem + i))
            {
                i++;
            }

            layer.Name = stem + i;
        }
        else if (_names.Contains(layer.Name))
        {
            throw new ArgumentException($"duplicate layer name '{layer.Name}'", nameof(layer));
        }

        _names.Add(layer.Name);
    }
}
