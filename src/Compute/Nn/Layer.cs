using System.Text.Json;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>A building block of a model with a forward pass and a backward pass side by side.</summary>
/// <remarks>
/// Shapes given to <see cref="Build"/> exclude the batch dimension; tensors passed to
/// <see cref="Forward(ReadOnlySpan{Tensor}, bool)"/> carry it as dimension 0. A layer keeps its output and
/// input-gradient tensors between calls (resizing them in place), so callers must consume a result before
/// the layer's next call. <see cref="Backward(Tensor, Span{Tensor})"/> accumulates parameter gradients
/// (PyTorch semantics: call <see cref="ParameterSet.ZeroGrad"/> between steps).
/// </remarks>
public abstract class Layer
{
    readonly List<Parameter> _parameters = [];
    int[][] _inputShapes = [];

    /// <summary>Creates a layer; an empty name is replaced by the container with a unique one.</summary>
    protected Layer(string? name) => Name = name ?? "";

    /// <summary>The layer's name, the prefix of its parameter names.</summary>
    public string Name { get; internal set; }

    /// <summary>The type name used in model descriptions, e.g. <c>Dense</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>How many inputs the layer takes (merge layers take several).</summary>
    public virtual int Arity => 1;

    /// <summary>Per-sample output shape, known after <see cref="Build"/>.</summary>
    public IReadOnlyList<int> OutputShape { get; private set; } = [];

    /// <summary>Per-sample input shapes, known after <see cref="Build"/>.</summary>
    public IReadOnlyList<int[]> InputShapes => _inputShapes;

    /// <summary>The layer's own parameters.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Non-trainable state saved with the weights (batch-norm running statistics); empty for most layers.</summary>
    public virtual IReadOnlyList<(string Name, int[] Shape, float[] Values)> Buffers => [];

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool IsBuilt { get; private set; }

    /// <summary>
    /// Whether the backward pass must produce input gradients; containers clear it for layers fed by model
    /// inputs so the first layer skips work PyTorch also skips (inputs do not require grad).
    /// </summary>
    public bool InputGradientRequired { get; set; } = true;

    /// <summary>Declares parameters in <paramref name="parameters"/> and fixes the output shape.</summary>
    public void Build(IReadOnlyList<int[]> inputShapes, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        ArgumentNullException.ThrowIfNull(parameters);
        if (IsBuilt)
        {
            throw new InvalidOperationException($"layer '{Name}' is already built; a layer instance belongs to one model");
        }

        if (inputShapes.Count != Arity)
        {
            throw new ArgumentException($"layer '{Name}' ({Kind}) takes {Arity} input(s), got {inputShapes.Count}");
        }

        _inputShapes = [.. inputShapes.Select(s => s.ToArray())];
        OutputShape = OnBuild(_inputShapes, parameters);
        IsBuilt = true;
    }

    /// <summary>Computes the output for a batch; the result belongs to the layer until its next call.</summary>
    public abstract Tensor Forward(ReadOnlySpan<Tensor> inputs, bool training);

    /// <summary>
    /// Given dLoss/dOutput, accumulates parameter gradients and writes dLoss/dInput for each input into
    /// <paramref name="inputGradients"/> (null entries when <see cref="InputGradientRequired"/> is false).
    /// </summary>
    public abstract void Backward(Tensor outputGradient, Span<Tensor?> inputGradients);

    /// <summary>Declares parameters and returns the per-sample output shape.</summary>
    protected abstract int[] OnBuild(int[][] inputShapes, ParameterSet parameters);

    /// <summary>
    /// Adds the parts (offset, length) of the flat parameter buffer that forward and backward on <paramref name="rows"/>
    /// of <paramref name="input"/> read and add gradients into, in increasing order. <paramref name="input"/> is the
    /// model input this layer reads directly, or null when it reads another layer's output; by default every parameter
    /// whole (an <see cref="Embedding"/> fed by ids narrows it to their rows).
    /// </summary>
    protected internal virtual void AddParameterRangesUsed(Tensor? input, ReadOnlySpan<int> rows, List<(int Offset, int Length)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        foreach (var p in _parameters)
        {
            ranges.Add((p.Offset, p.Length));
        }
    }

    /// <summary>Writes the constructor arguments (not the weights) into a model description.</summary>
    protected internal virtual void WriteConfig(Utf8JsonWriter writer)
    {
    }

    /// <summary>Declares one parameter named <c>{layer}.{name}</c>.</summary>
    protected Parameter AddParameter(ParameterSet parameters, string name, ReadOnlySpan<int> shape, Init init)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var p = parameters.Add(Name + "." + name, shape, init);
        _parameters.Add(p);
        return p;
    }

    /// <summary>Throws a clear error unless input <paramref name="index"/> has the per-sample shape given at build time.</summary>
    protected void CheckInput(Tensor input, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsBuilt)
        {
            throw new InvalidOperationException($"layer '{Name}' ({Kind}) is not built; add it to a model first");
        }

        var expected = _inputShapes[index];
        var shape = input.Shape;
        if (shape.Length != expected.Length + 1 || !shape[1..].SequenceEqual(expected))
        {
            throw new ShapeMismatchException(
                $"layer '{Name}' ({Kind}) input {index}: expected [batch, {string.Join(", ", expected)}], got {Tensor.ShapeText(shape)}");
        }

        if (shape[0] == 0)
        {
            throw new ArgumentException($"layer '{Name}' ({Kind}): empty batch (0 rows)", nameof(input));
        }
    }

    /// <summary>A shape with the batch dimension prepended.</summary>
    protected static int[] WithBatch(int batch, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var full = new int[shape.Count + 1];
        full[0] = batch;
        for (var i = 0; i < shape.Count; i++)
        {
            full[i + 1] = shape[i];
        }

        return full;
    }

    /// <summary>Resizes (or allocates) <paramref name="tensor"/> to [batch, ..OutputShape] without allocating in steady state.</summary>
    protected void EnsureBatch([System.Diagnostics.CodeAnalysis.NotNull] ref Tensor? tensor, int batch, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Span<int> full = stackalloc int[shape.Count + 1];
        full[0] = batch;
        for (var i = 0; i < shape.Count; i++)
        {
            full[i + 1] = shape[i];
        }

        Tensor.Ensure(ref tensor, full);
    }

    /// <summary>The layer's name, kind and output shape.</summary>
    public override string ToString() => $"{Name} ({Kind}) -> [batch, {string.Join(", ", OutputShape)}]";
}
