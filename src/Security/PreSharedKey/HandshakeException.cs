namespace BigDL.Security.PreSharedKey;

/// <summary>A handshake that did not authenticate the peer; the message never contains a key.</summary>
internal sealed class HandshakeException(HandshakeFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Gets why the handshake failed.</summary>
    public HandshakeFailure Failure { get; } = failure;

    /// <summary>Gets whether the peer sent a refusal (rather than this side finding the peer at fault).</summary>
    public bool RefusedByPeer { get; init; }
}
