namespace BigDL.Orleans.Transport;

/// <summary>A connection's handshake failed: wrong secret, unknown role, bad hello, timeout, or the peer hung up.</summary>
internal sealed class HandshakeException : IOException
{
    /// <summary>Creates the exception with a reason that never includes a secret.</summary>
    public HandshakeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
