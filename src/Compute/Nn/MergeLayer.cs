using System.Text.Json;

namespace BigDL.Compute.Nn;

/// <summary>A layer combining several inputs of the same batch (concat, add, multiply) in a functional graph.</summary>
public abstract class MergeLayer : Layer
{
    /// <summary>Creates a merge of <paramref name="arity"/> inputs.</summary>
    protected MergeLayer(int arity, string? name)
        : base(name)
    {
        Arity = arity >= 2 ? arity : throw new ArgumentOutOfRangeException(nameof(arity), arity, "a merge takes at least two inputs");
        Gradients = new Tensor?[arity];
    }

    /// <inheritdoc/>
    public override int Arity { get; }

    /// <summary>Input-gradient tensors, one per input, kept between calls.</summary>
    protected Tensor?[] Gradients { get; }

    /// <inheritdoc/>
    protected internal override void WriteConfig(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber("arity", Arity);
    }

    /// <summary>Requires every input shape to equal the first (elementwise merges); returns it.</summary>
    protected int[] SameShapes(int[][] inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        for (var i = 1; i < inputShapes.Length; i++)
        {
            if (!inputShapes[i].AsSpan().SequenceEqual(inputShapes[0]))
            {
                throw new ShapeMismatchException(
                    $"layer '{Name}' ({Kind}): input {i} shape {Tensor.ShapeText(inputShapes[i])} differs from input 0 {Tensor.ShapeText(inputShapes[0])}");
            }
        }

        return inputShapes[0];
    }

    /// <summary>Checks all inputs against their build shapes and that they share a batch size; returns it.</summary>
    protected int CheckInputs(ReadOnlySpan<Tensor> inputs)
    {
        if (inputs.Length != Arity)
        {
            throw new ArgumentException($"layer '{Name}' ({Kind}) takes {Arity} inputs, got {inputs.Length}");
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            CheckInput(inputs[i], i);
            if (inputs[i].Dim(0) != inputs[0].Dim(0))
            {
                throw new ShapeMismatchException($"layer '{Name}' ({Kind}): input {i} has batch {inputs[i].Dim(0)}, input 0 has {inputs[0].Dim(0)}");
            }
        }

        return inputs[0].Dim(0);
    }
}
