using System.Numerics.Tensors;
using System.Text.Json;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Nn;

/// <summary>A lookup table [count, dim]: input [batch, n] of row ids (floats holding integers) gives [batch, n, dim]; or [batch, 1] gives [batch, dim].</summary>
/// <remarks>The backward pass adds into the looked-up rows only; ids need no gradient.</remarks>
public sealed class Embedding(int count, int dimension, string? name = null) : UnaryLayer(name)
{
    Tensor? _output, _input;
    bool[]? _used;

    /// <summary>Number of rows (distinct ids).</summary>
    public int Count { get; } = count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "count must be positive");

    /// <summary>Row width.</summary>
    public int Dimension { get; } = dimension > 0 ? dimension : throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be positive");

    /// <summary>The table [Count, Dimension], initialised N(0, 1) as in PyTorch.</summary>
    public Parameter Weight { get; private set; } = null!; // set in OnBuild

    /// <inheritdoc/>
    public override string Kind => "Embedding";

    /// <inheritdoc/>
    protected override int[] OnBuild(int[] inputShape, ParameterSet parameters)
    {
        if (inputShape.Length != 1)
        {
            throw new ShapeMismatchException($"layer '{Name}' (Embedding) takes [batch, n] ids, got [batch, {string.Join(", ", inputShape)}]");
        }

        Weight = AddParameter(parameters, "weight", [Count, Dimension], new Init(InitKind.Normal, 1));
        InputGradientRequired = false;
        return inputShape[0] == 1 ? [Dimension] : [inputShape[0], Dimension];
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training = false)
    {
        CheckInput(input);
        _input = input;
        EnsureBatch(ref _output, input.Dim(0), OutputShape);
        var ids = input.Span;
        var table = Weight.Value;
        var y = _output.Span;
        for (var i = 0; i < ids.Length; i++)
        {
            table.Slice(Row(ids[i]) * Dimension, Dimension).CopyTo(y.Slice(i * Dimension, Dimension));
        }

        return _output;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (_input is null)
        {
            throw new InvalidOperationException($"layer '{Name}' (Embedding): Backward before Forward");
        }

        var ids = _input.Span;
        var grad = Weight.Grad;
        var dy = outputGradient.Span;
        for (var i = 0; i < ids.Length; i++)
        {
            var row = grad.Slice(Row(ids[i]) * Dimension, Dimension);
            TensorPrimitives.Add(row, dy.Slice(i * Dimension, Dimension), row);
        }

        return null;
    }

    /// <inheritdoc/>
    /// <remarks>Fed by ids, only the rows of the ids in <paramref name="rows"/> (invalid ids are left to the forward pass to refuse).</remarks>
    protected internal override void AddParameterRangesUsed(Tensor? input, ReadOnlySpan<int> rows, List<(int Offset, int Length)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (input is null)
        {
            base.AddParameterRangesUsed(input, rows, ranges);
            return;
        }

        var used = _used ??= new bool[Count];
        var width = input.RowLength;
        var ids = input.Span;
        foreach (var r in rows)
        {
            foreach (var id in ids.Slice(r * width, width))
            {
                var row = (int)id;
                if (row == id && (uint)row < (uint)Count)
                {
                    used[row] = true;
                }
            }
        }

        // Runs of used rows, increasing; the marks are cleared on the way for the next call.
        var offset = Weight.Offset;
        var at = 0;
        while (at < Count && used.AsSpan(at).IndexOf(true) is var found && found >= 0)
        {
            var start = at + found;
            var end = start;
            while (end < Count && used[end])
            {
                used[end++] = false;
            }

            ranges.Add((offset + (start * Dimension), (end - start) * Dimension));
            at = end;
        }
    }

    int Row(float id)
    {
        var row = (int)id;
        if (row != id || (uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"layer '{Name}' (Embedding): id must be an integer in [0, {Count})");
        }

        return row;
    }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("count", Count);
        writer.WriteNumber("dimension", Dimension);
    }
}
