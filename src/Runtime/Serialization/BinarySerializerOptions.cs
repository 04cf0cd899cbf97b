namespace BigDL.Orleans.Serialization;

/// <summary>Limits and services for <see cref="BinarySerializer"/>.</summary>
public sealed class BinarySerializerOptions
{
    /// <summary>The default for <see cref="MaxCollectionLength"/>: 128 Mi elements.</summary>
    public const int DefaultMaxCollectionLength = 128 * 1024 * 1024;

    /// <summary>The default for <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 100;

    /// <summary>Gets or sets the most elements an array or collection, or bytes a string, may declare.</summary>
    public int MaxCollectionLength { get; set; } = DefaultMaxCollectionLength;

    /// <summary>Gets or sets how deeply values may nest; deeper payloads are refused instead of exhausting the stack.</summary>
    public int MaxDepth { get; set; } = DefaultMaxDepth;

    /// <summary>Gets or sets what turns a grain id read from the wire back into a callable reference.</summary>
    public IGrainReferenceActivator? GrainReferenceActivator { get; set; }
}
