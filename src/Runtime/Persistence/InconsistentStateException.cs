namespace BigDL.Orleans.Storage;

/// <summary>Thrown when a write or clear finds that the stored state changed since it was read (an ETag mismatch).</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException() : this("The stored state changed since it was read.")
    {
    }

    public InconsistentStateException(string message) : base(message)
    {
    }

    public InconsistentStateException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with both versions and a hint on how to recover.</summary>
    public InconsistentStateException(string message, string? storedETag, string? currentETag) : base(
        $"{message} Stored ETag: {storedETag ?? "(none)"}, this activation's ETag: {currentETag ?? "(none)"}. " +
        "Another writer changed the state: call ReadStateAsync to reload it, then apply the change again.")
    {
        StoredETag = storedETag;
        CurrentETag = currentETag;
    }

    /// <summary>Gets the ETag found in storage.</summary>
    public string? StoredETag { get; }

    /// <summary>Gets the ETag the writer held.</summary>
    public string? CurrentETag { get; }
}
