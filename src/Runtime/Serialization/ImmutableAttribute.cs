namespace BigDL.Orleans.Serialization;

/// <summary>Marks a class, record or struct whose instances are never mutated, so grain calls pass them without copying.</summary>
/// <remarks>The attribute is a promise the runtime trusts; it is not inherited, because a subclass may add mutable state.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;
