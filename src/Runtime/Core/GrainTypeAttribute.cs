namespace BigDL.Orleans;

/// <summary>Names a grain class's grain type explicitly, so renaming the class keeps stored state reachable.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    /// <summary>Gets the grain type name used in <see cref="GrainId"/>.</summary>
    public string GrainType { get; } = grainType;
}
