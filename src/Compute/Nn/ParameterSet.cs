namespace BigDL.Compute.Nn;

/// <summary>
/// All parameters of a model in one contiguous buffer and all gradients in another of the same layout;
/// layers hold <see cref="Parameter"/> views. Optimizers and parameter shards act on slices [offset, length).
/// </summary>
public sealed class ParameterSet
{
    // Parameters start on 16-float (64-byte) boundaries so vector loops over one parameter stay aligned;
    // the padding holds zeros with zero gradients, which every optimizer leaves at zero.
    internal const int Alignment = 16;

    readonly List<Parameter> _parameters = [];
    readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);

    /// <summary>The flat parameter values.</summary>
    public float[] Values { get; private set; } = [];

    /// <summary>The flat gradients, same layout as <see cref="Values"/>.</summary>
    public float[] Gradients { get; private set; } = [];

    /// <summary>Total length of the flat buffers including alignment padding.</summary>
    public int Length { get; private set; }

    /// <summary>Number of trainable scalars (excluding padding).</summary>
    public long Count { get; private set; }

    /// <summary>The parameters in layout order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Whether the buffers have been allocated.</summary>
    public bool IsAllocated => Values.Length == Length && Length > 0;

    /// <summary>Finds a parameter by its qualified name.</summary>
    public Parameter this[string name] =>
        _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"no parameter named '{name}'");

    /// <summary>Whether a parameter of that name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Declares a parameter; buffers are allocated later by <see cref="Allocate"/>.</summary>
    public Parameter Add(string name, ReadOnlySpan<int> shape, Init init)
    {
        if (IsAllocated)
        {
            throw new InvalidOperationException($"cannot add parameter '{name}' after the buffers were allocated");
        }

        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"duplicate parameter name '{name}'", nameof(name));
        }

        var p = new Parameter(this, name, shape.ToArray(), Length, init);
        _parameters.Add(p);
        _byName.Add(name, p);
        Length += (p.Length + Alignment - 1) / Alignment * Alignment;
        Count += p.Length;
        return p;
    }

    /// <summary>Allocates both buffers and draws initial values with a seeded generator (same seed, same values).</summary>
    public void Allocate(int seed)
    {
        Values = new float[Length];
        Gradients = new float[Length];
        var random = new Random(seed);
        foreach (var p in _parameters)
        {
            p.Init.Fill(p.Value, random);
        }
    }

    /// <summary>Sets every gradient to zero (PyTorch's <c>zero_grad</c>).</summary>
    public void ZeroGrad() => Gradients.AsSpan().Clear();

    /// <summary>The parameters overlapping [offset, offset+length), clipped to it: (start within the slice, length) pairs.</summary>
    /// <remarks>Layer-wise optimizers (LARS) on a shard use these boundaries.</remarks>
    public IReadOnlyList<(int Start, int Length)> SegmentsIn(int offset, int length)
    {
        var segments = new List<(int, int)>();
        foreach (var p in _parameters)
        {
            var begin = Math.Max(p.Offset, offset);
            var end = Math.Min(p.Offset + p.Length, offset + length);
            if (end > begin)
            {
                segments.Add((begin - offset, end - begin));
            }
        }

        return segments;
    }
}
