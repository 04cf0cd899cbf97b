namespace BigDL.Compute.Kernels;

/// <summary>
/// One thread's scratch for the int8 path: quantized activations, their scales and zero points, for
/// <see cref="QuantizedGemm.Dense(ReadOnlySpan{float}, int, QuantizedWeights, Span{float}, ReadOnlySpan{float}, Activation)"/>. Arrays grow to the largest call seen and are then reused, so steady state allocates nothing.
/// </summary>
internal sealed class Int8Scratch
{
    [ThreadStatic]
    static Int8Scratch? t_current;

    byte[] _activations = [];
    float[] _scales = [];
    int[] _zeroPoints = [];

    public static Int8Scratch Current => t_current ??= new Int8Scratch();

    public Span<byte> Activations(int length) => Grow(ref _activations, length).AsSpan(0, length);

    public Span<float> Scales(int length) => Grow(ref _scales, length).AsSpan(0, length);

    public Span<int> ZeroPoints(int length) => Grow(ref _zeroPoints, length).AsSpan(0, length);

    static T[] Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[length];
        }

        return array;
    }
}
