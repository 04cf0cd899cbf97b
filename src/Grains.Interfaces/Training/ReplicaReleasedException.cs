namespace BigDL.Grains;

/// <summary>A replica's round stopped because the replica was released; the driver re-runs the rest on a re-activated replica.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.ReplicaReleasedException")]
public sealed class ReplicaReleasedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReplicaReleasedException()
        : this("the replica was released")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ReplicaReleasedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ReplicaReleasedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
