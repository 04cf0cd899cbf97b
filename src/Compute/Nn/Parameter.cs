namespace BigDL.Compute.Nn;

/// <summary>One named parameter tensor: a view [Offset, Offset+Length) into its model's flat value and gradient buffers.</summary>
public sealed class Parameter
{
    readonly ParameterSet _set;

    internal Parameter(ParameterSet set, string name, int[] shape, int offset, Init init)
    {
        _set = set;
        Name = name;
        Shape = shape;
        Offset = offset;
        Length = Tensors.Tensor.Product(shape);
        Init = init;
    }

    /// <summary>Qualified name, e.g. <c>dense0.weight</c> (PyTorch state-dict style).</summary>
    public string Name { get; }

    /// <summary>The tensor shape (PyTorch layout: a Linear weight is [out, in]).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Where the parameter starts in the flat buffers.</summary>
    public int Offset { get; }

    /// <summary>Element count.</summary>
    public int Length { get; }

    /// <summary>How the parameter is initialised.</summary>
    public Init Init { get; }

    /// <summary>The values, a view into <see cref="ParameterSet.Values"/>.</summary>
    public Span<float> Value => _set.Values.AsSpan(Offset, Length);

    /// <summary>The gradients, a view into <see cref="ParameterSet.Gradients"/>.</summary>
    public Span<float> Grad => _set.Gradients.AsSpan(Offset, Length);

    /// <summary>The shape as text.</summary>
    public override string ToString() => Name + Tensors.Tensor.ShapeText([.. Shape]);
}
