using System.Diagnostics.CodeAnalysis;
using BigDL.Orleans.Serialization.Copying;

namespace BigDL.Orleans.Serialization;

/// <summary>Deep-copies grain call arguments and results so that caller and callee never share mutable state.</summary>
/// <remarks>
/// Immutable values (see <see cref="IsShallowCopyable"/>) are returned as they are. Everything else is copied with
/// reference identity preserved: an object reached twice is copied once, and cycles are reproduced. The class is
/// thread-safe; one shared instance serves the whole process.
/// </remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance API, so the runtime can take it as a dependency.")]
public sealed class DeepCopier
{
    [ThreadStatic]
    static CopyContext? cachedContext;

    readonly int maxDepth;

    /// <summary>Creates a copier that refuses values nested deeper than <paramref name="maxDepth"/> objects.</summary>
    /// <remarks>
    /// The default matches <see cref="BinarySerializerOptions.DefaultMaxDepth"/>, so a value that can be copied for a call
    /// inside one silo can also be serialized for a call to another: where a grain lives never changes what it accepts.
    /// </remarks>
    public DeepCopier(int maxDepth = BinarySerializerOptions.DefaultMaxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        this.maxDepth = maxDepth;
    }

    /// <summary>Gets a process-wide instance with the default depth limit.</summary>
    public static DeepCopier Shared { get; } = new();

    /// <summary>Returns a deep copy of <paramref name="value"/>, or the value itself when its type is immutable.</summary>
    /// <exception cref="GrainSerializationException">The value holds something that cannot be copied, such as a delegate.</exception>
    public T Copy<T>(T value) => ShallowType<T>.Value ? value : (T)CopyObject(value)!;

    /// <summary>Returns a deep copy of <paramref name="value"/>, or the value itself when its type is immutable.</summary>
    /// <exception cref="GrainSerializationException">The value holds something that cannot be copied, such as a delegate.</exception>
    public object? Copy(object? value) => CopyObject(value);

    /// <summary>Replaces each argument with its deep copy; an object shared between arguments stays shared in the copies.</summary>
    /// <remarks>This is what serializing all arguments into one message does, so in-silo and remote calls agree.</remarks>
    /// <exception cref="GrainSerializationException">An argument holds something that cannot be copied, such as a delegate.</exception>
    public void CopyArguments(object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var context = RentContext();
        try
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = context.Copy(arguments[i]);
            }
        }
        finally
        {
            ReturnContext(context);
        }
    }

    /// <summary>Returns true when values declared as <paramref name="type"/> can be passed without copying.</summary>
    /// <remarks>The runtime decides this once per grain method, from its parameter and return types.</remarks>
    public bool IsShallowCopyable(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return TypeRules.IsShallowCopyable(type);
    }

    /// <summary>Returns true when values declared as <paramref name="type"/> can be copied; otherwise says why.</summary>
    /// <remarks>
    /// For checks at startup (every grain method's parameter and return types), so a bad signature fails before the
    /// first call. Object, interfaces and abstract classes pass: the values they hold are checked when copied.
    /// </remarks>
    public bool CanCopy(Type type, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(type);
        reason = CopierCache.Problem(type);
        return reason is null;
    }

    object? CopyObject(object? value)
    {
        if (value is null || CopierCache.For(value.GetType()) is null)
        {
            return value;
        }

        var context = RentContext();
        try
        {
            return context.Copy(value);
        }
        finally
        {
            ReturnContext(context);
        }
    }

    // One context per thread, reused: a copy allocates only the copies themselves.
    CopyContext RentContext()
    {
        var context = cachedContext ?? new CopyContext();
        cachedContext = null;
        context.MaxDepth = maxDepth;
        return context;
    }

    static void ReturnContext(CopyContext context)
    {
        context.Reset();
        cachedContext = context;
    }

    static class ShallowType<T>
    {
        public static readonly bool Value = TypeRules.IsShallowCopyable(typeof(T));
    }
}
