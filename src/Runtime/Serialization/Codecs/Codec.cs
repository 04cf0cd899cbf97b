using BigDL.Orleans.Serialization.Wire;

namespace BigDL.Orleans.Serialization.Codecs;

/// <summary>Writes and reads the payload of values of one exact type (tags and type tokens are the caller's job).</summary>
internal abstract class Codec(Type type)
{
    public Type Type { get; } = type;

    public abstract void Write(WireWriter writer, object value);

    /// <summary>Reads a payload; a codec for a reference type fills <paramref name="slot"/> as soon as the object exists.</summary>
    public abstract object Read(ref WireReader reader, int slot);
}

/// <summary>A codec looked up on first use, so that recursive types (a node holding a node) can be built.</summary>
internal sealed class CodecRef(Type type)
{
    Codec? codec;

    public Type Type { get; } = type;

    public Codec Codec => codec ??= CodecCache.For(Type);
}
