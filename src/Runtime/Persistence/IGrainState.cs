namespace BigDL.Orleans.Storage;

/// <summary>A state value together with the version token that guards its writes.</summary>
public interface IGrainState<T>
{
    /// <summary>Gets or sets the state.</summary>
    T State { get; set; }

    /// <summary>Gets or sets the version of the stored state this value was read from; null when nothing was stored.</summary>
    string? ETag { get; set; }

    /// <summary>Gets or sets whether a record exists in storage.</summary>
    bool RecordExists { get; set; }
}

/// <summary>The plain implementation of <see cref="IGrainState{T}"/>.</summary>
public sealed class GrainState<T> : IGrainState<T>
{
    /// <summary>Creates a state holding <paramref name="state"/>, or a new <typeparamref name="T"/> when it is null.</summary>
    public GrainState(T? state = default, string? eTag = null)
    {
        State = state ?? GrainState.CreateDefault<T>();
        ETag = eTag;
    }

    /// <inheritdoc />
    public T State { get; set; }

    /// <inheritdoc />
    public string? ETag { get; set; }

    /// <inheritdoc />
    public bool RecordExists { get; set; }
}

/// <summary>Helpers for <see cref="GrainState{T}"/>.</summary>
public static class GrainState
{
    /// <summary>A new default value: <c>new T()</c> for classes with a parameterless constructor, else <c>default</c>.</summary>
    public static T CreateDefault<T>()
    {
        var type = typeof(T);
        if (type.IsValueType || type == typeof(string) || type.IsAbstract || type.IsInterface || type.IsArray || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return default!; // value types and types without a parameterless constructor start from default, as in Orleans
        }

        return Activator.CreateInstance<T>();
    }
}
