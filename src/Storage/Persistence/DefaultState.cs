namespace BigDL.Storage.Persistence;

/// <summary>The state a grain sees when nothing is stored: a new instance where the type has a parameterless constructor, else default.</summary>
internal static class DefaultState
{
    public static T Create<T>() =>
        typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<T>() : default!; // strings, arrays and records without one: default, as Orleans does
}
