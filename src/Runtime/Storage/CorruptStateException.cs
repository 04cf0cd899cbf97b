namespace BigDL.Orleans.Storage;

/// <summary>Thrown when a stored grain state cannot be read back as the state type (bad JSON or a different shape).</summary>
public sealed class CorruptStateException : Exception
{
    public CorruptStateException() : this("A stored grain state cannot be read.")
    {
    }

    public CorruptStateException(string message) : base(message)
    {
    }

    public CorruptStateException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception naming the state, where it is stored and how to recover.</summary>
    public CorruptStateException(GrainId grainId, string stateName, Type stateType, string location, string? storedETag, Exception innerException) : base(
        $"The stored state '{stateName}' of grain {grainId} in {location} cannot be read as {stateType.FullName}: {innerException.Message} " +
        "Nothing was changed. Either fix the state type so it matches the stored JSON (renamed or retyped members, " +
        "private setters need [JsonInclude]), or discard the stored state: delete its row, or call ClearStateAsync " +
        $"with the stored ETag ({storedETag ?? "none"}).", innerException)
    {
        GrainId = grainId;
        StateName = stateName;
        StoredETag = storedETag;
    }

    /// <summary>Gets the grain whose state is unreadable.</summary>
    public GrainId? GrainId { get; }

    /// <summary>Gets the name of the unreadable state.</summary>
    public string? StateName { get; }

    /// <summary>Gets the stored ETag, which lets a caller clear the unreadable state.</summary>
    public string? StoredETag { get; }
}
