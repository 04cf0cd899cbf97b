using System.Reflection;

namespace BigDL.Orleans;

/// <summary>A reference to a grain or observer: the object <c>GetGrain</c> returns, implementing the grain interface.</summary>
/// <remarks>
/// References are immutable and cheap; they can be passed as arguments, stored, and compared.
/// Two references are equal when they name the same grain through the same interface.
/// </remarks>
public class GrainReference : DispatchProxy, IAddressable
{
    IGrainReferenceRuntime? runtime;

    /// <summary>Gets the grain this reference calls.</summary>
    public GrainId GrainId { get; private set; }

    /// <summary>Gets the grain interface the reference implements.</summary>
    public Type InterfaceType { get; private set; } = typeof(IAddressable);

    internal IGrainReferenceRuntime Runtime =>
        runtime ?? throw new InvalidOperationException($"The reference to {GrainId} is not bound to a runtime.");

    internal void Bind(IGrainReferenceRuntime referenceRuntime, GrainId grainId, Type interfaceType)
    {
        runtime = referenceRuntime;
        GrainId = grainId;
        InterfaceType = interfaceType;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Runtime.Invoke(this, targetMethod, args ?? []);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) =>
        obj is GrainReference other && other.GrainId == GrainId && other.InterfaceType == InterfaceType;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(GrainId, InterfaceType);

    /// <inheritdoc />
    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";
}

/// <summary>What a reference calls into: the runtime that routes its calls.</summary>
internal interface IGrainReferenceRuntime
{
    /// <summary>Sends a call and returns the Task (or ValueTask) the interface method declares.</summary>
    object? Invoke(GrainReference reference, MethodInfo method, object?[] args);
}

/// <summary>Creates bound references from an id and an interface type; used by deserialisation.</summary>
public interface IGrainReferenceActivator
{
    /// <summary>Returns a reference to <paramref name="grainId"/> that implements <paramref name="interfaceType"/>.</summary>
    GrainReference CreateReference(GrainId grainId, Type interfaceType);
}
