namespace BigDL.Security.PreSharedKey;

/// <summary>Why a handshake failed, in the words the one log line uses.</summary>
internal enum HandshakeFailure
{
    /// <summary>The peer's proof does not match: it holds another key (or is replaying an old handshake).</summary>
    WrongKey,

    /// <summary>The peer did not finish the handshake within the timeout.</summary>
    Timeout,

    /// <summary>The peer does not speak this handshake: garbage, an oversize frame, another protocol or version.</summary>
    NotABigDLPeer,

    /// <summary>The peer claims a role this endpoint does not accept (e.g. a client on the silo port).</summary>
    RoleNotAccepted,

    /// <summary>The connection closed before the handshake finished.</summary>
    Closed,
}
