namespace BigDL.Orleans.Storage;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/> to be bound to stored state.</summary>
/// <param name="stateName">The state's name, unique within the grain (several states per grain are allowed).</param>
/// <param name="storageName">The registered storage provider, or null for <c>Default</c>.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The provider name used when none is given.</summary>
    public const string DefaultStorageName = "Default";

    /// <summary>Gets the state's name.</summary>
    public string StateName { get; } = stateName;

    /// <summary>Gets the storage provider's name.</summary>
    public string StorageName { get; } = storageName ?? DefaultStorageName;
}
