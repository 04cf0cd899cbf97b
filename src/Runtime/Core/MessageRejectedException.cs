namespace BigDL.Orleans;

/// <summary>A silo refused a call: the grain type or method is unknown there, the message was malformed or expired, or the silo is stopping.</summary>
public sealed class MessageRejectedException : Exception
{
    /// <summary>Creates the exception with the reason the silo gave.</summary>
    public MessageRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public MessageRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public MessageRejectedException()
        : base("A silo refused the call.")
    {
    }
}
