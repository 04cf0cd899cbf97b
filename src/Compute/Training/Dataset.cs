using BigDL.Compute.Tensors;

namespace BigDL.Compute.Training;

/// <summary>Inputs (one tensor per model input) and targets sharing dimension 0 (rows).</summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset; every tensor must have the same number of rows, at least one.</summary>
    public Dataset(IReadOnlyList<Tensor> inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("a dataset needs at least one input tensor", nameof(inputs));
        }

        Rows = targets.Rank == 0 ? 0 : targets.Dim(0);
        if (Rows == 0)
        {
            throw new ArgumentException($"empty dataset: targets {targets}", nameof(targets));
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Rank == 0 || inputs[i].Dim(0) != Rows)
            {
                throw new Nn.ShapeMismatchException($"dataset input {i} {inputs[i]} does not have the targets' {Rows} rows");
            }
        }

        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>Creates a single-input dataset.</summary>
    public Dataset(Tensor input, Tensor targets)
        : this([input], targets)
    {
    }

    /// <summary>The input tensors.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>The targets.</summary>
    public Tensor Targets { get; }

    /// <summary>Number of rows (samples).</summary>
    public int Rows { get; }

    /// <summary>Throws naming the tensor and position of the first NaN or infinity.</summary>
    public void CheckFinite()
    {
        for (var i = 0; i < Inputs.Count; i++)
        {
            CheckFinite(Inputs[i], $"input {i}");
        }

        CheckFinite(Targets, "targets");
    }

    static void CheckFinite(Tensor t, string what)
    {
        var span = t.Span;
        for (var k = 0; k < span.Length; k++)
        {
            if (!float.IsFinite(span[k]))
            {
                throw new ArgumentException($"dataset {what} {t} holds {span[k]} at row {k / Math.Max(t.RowLength, 1)}, element {k % Math.Max(t.RowLength, 1)}");
            }
        }
    }
}
