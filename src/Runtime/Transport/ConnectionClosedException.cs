namespace BigDL.Orleans.Transport;

/// <summary>A message could not be sent, or a response will never come, because its connection closed.</summary>
internal sealed class ConnectionClosedException : IOException
{
    /// <summary>Creates the exception naming the peer and why the connection closed.</summary>
    public ConnectionClosedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
