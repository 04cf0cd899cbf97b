namespace BigDL.Orleans.Serialization.Wire;

/// <summary>What one read remembers: options, objects read so far (for back-references), types named so far, depth.</summary>
internal sealed class ReaderSession(BinarySerializerOptions options)
{
    // Holds a reserved index until its object exists. Most codecs create the object before reading its children, so
    // children may refer back to it; a few (immutable collections) can only create it after, and such cycles are refused.
    static readonly object Pending = new();

    readonly List<object> objects = [];
    readonly List<bool> complete = [];
    readonly List<bool> reachesCycle = [];
    readonly Stack<int> open = new();

    public BinarySerializerOptions Options { get; } = options;

    public List<Type> Types { get; } = [];

    public int Depth { get; set; }

    /// <summary>Gets how many back-references so far closed a cycle or pointed at an object that reaches one.</summary>
    /// <remarks>Every object open at such a moment reaches the cycle too, and is marked so for later back-references.</remarks>
    public int CycleReaches { get; private set; }

    /// <summary>Takes the next object index; the codec fills it as soon as the object exists, before reading its children.</summary>
    public int Reserve()
    {
        objects.Add(Pending);
        complete.Add(false);
        reachesCycle.Add(false);
        return objects.Count - 1;
    }

    public void Fill(int slot, object value)
    {
        if (slot >= 0)
        {
            objects[slot] = value;
        }
    }

    /// <summary>Marks an object as being read: its payload follows.</summary>
    public void Open(int slot)
    {
        if (slot >= 0)
        {
            open.Push(slot);
        }
    }

    /// <summary>Marks an object as fully read: references to it no longer close a cycle.</summary>
    public void Close(int slot)
    {
        if (slot >= 0)
        {
            open.Pop();
            complete[slot] = true;
        }
    }

    public object Get(uint index)
    {
        if (index >= (uint)objects.Count)
        {
            throw new GrainSerializationException($"The payload refers to object #{index}, but only {objects.Count} objects precede it.");
        }

        var value = objects[(int)index];
        if (!complete[(int)index] || reachesCycle[(int)index])
        {
            CycleReaches++;
            foreach (var slot in open)
            {
                reachesCycle[slot] = true;
            }
        }

        return ReferenceEquals(value, Pending)
            ? throw new GrainSerializationException($"The payload refers to object #{index} while that object is still being read; such a cycle cannot be rebuilt.")
            : value;
    }
}
