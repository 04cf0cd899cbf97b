using Microsoft.AspNetCore.Connections;

namespace BigDL.Security.PreSharedKey;

/// <summary>
/// What an outgoing connection fails with when its handshake does not authenticate the peer: Orleans sees a connection
/// abort, and a client's <see cref="RefusedConnectionRetryFilter"/> finds the reason and the peer in it.
/// </summary>
internal sealed class HandshakeFailedException(string remote, string reason, HandshakeException handshake)
    : ConnectionAbortedException($"Pre-shared-key handshake with {remote} failed: {reason} ({handshake.Message}).", handshake), IConnectionRefusal
{
    /// <summary>Gets the handshake's own failure.</summary>
    public HandshakeException Handshake { get; } = handshake;

    /// <summary>Gets whether the two sides hold different keys, or the peer does not accept this role.</summary>
    public bool IsRefusal => Handshake.Failure is HandshakeFailure.WrongKey or HandshakeFailure.RoleNotAccepted;

    public string Explanation => Handshake switch
    {
        { Failure: HandshakeFailure.RoleNotAccepted } => $"The endpoint {remote} does not accept clients: it is a silo port, not a gateway.",
        { RefusedByPeer: true } => $"The gateway at {remote} refused this client's API key: it differs from the gateway's (BIGDL_API_KEY).",
        _ => $"The gateway at {remote} did not prove this client's API key: it holds another key, or is not a gateway of this cluster.",
    };
}
