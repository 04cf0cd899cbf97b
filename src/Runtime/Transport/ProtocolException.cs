namespace BigDL.Orleans.Transport;

/// <summary>A peer sent bytes that break the wire protocol (bad length, unknown kind, over a limit); the connection is dropped.</summary>
internal sealed class ProtocolException : IOException
{
    /// <summary>Creates the exception with a message that names the broken rule.</summary>
    public ProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
