namespace BigDL.Orleans.Compute.Kernels;

/// <summary>
/// One thread's scratch for the int8 path: quantized activations for <see cref="QuantizedGemm.Dense(ReadOnlySpan{float}, int, QuantizedWeights, Span{float}, ReadOnlySpan{float}, Activation)"/>
/// and the padded rows of an edge tile. Arrays grow to the largest call seen and are then reused, so steady state allocates nothing.
/// </summary>
internal sealed class Int8Scratch
{
    [ThreadStatic]
    static Int8Scratch? t_current;

    byte[] _activations = [];
    float[] _scales = [];
    int[] _zeroPoints = [];
    byte[] _edge = [];

    public static Int8Scratch Current => t_current ??= new Int8Scratch();

    public Span<byte> Activations(int length) => Grow(ref _activations, length).AsSpan(0, length);

    public Span<float> Scales(int length) => Grow(ref _scales, length).AsSpan(0, length);

    public Span<int> ZeroPoints(int length) => Grow(ref _zeroPoints, length).AsSpan(0, length);

    /// <summary>Room for an edge tile's rows, zero-padded to the kernel's height; pinned so a pointer to it stays valid.</summary>
    public byte[] Edge(int length)
    {
        if (_edge.Length < length)
        {
            _edge = GC.AllocateArray<byte>(length, pinned: true);
        }

        return _edge;
    }

    static T[] Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[length];
        }

        return array;
    }
}
