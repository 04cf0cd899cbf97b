namespace BigDL.Orleans.Serialization.Wire;

/// <summary>What one read remembers: options, objects read so far (for back-references), types named so far, depth.</summary>
internal sealed class ReaderSession(BinarySerializerOptions options)
{
    static readonly object Pending = new();

    readonly List<object> objects = [];

    public BinarySerializerOptions Options { get; } = options;

    public List<Type> Types { get; } = [];

    public int Depth { get; set; }

    /// <summary>Takes the next object index; the codec fills it as soon as the object exists, before reading its children.</summary>
    public int Reserve()
    {
        objects.Add(Pending);
        return objects.Count - 1;
    }

    public void Fill(int slot, object value)
    {
        if (slot >= 0)
        {
            objects[slot] = value;
        }
    }

    public object Get(uint index)
    {
        if (index >= (uint)objects.Count)
        {
            throw new GrainSerializationException($"The payload refers to object #{index}, but only {objects.Count} objects precede it.");
        }

        var value = objects[(int)index];
        return ReferenceEquals(value, Pending)
            ? throw new GrainSerializationException($"The payload refers to object #{index} while that object is still being read; such a cycle cannot be rebuilt.")
            : value;
    }
}
