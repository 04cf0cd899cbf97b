namespace BigDL.Orleans.Transport;

/// <summary>The other end of a connection, as its handshake proved it.</summary>
/// <param name="Identity">The peer's identity: a silo's <c>ip:port</c> (or silo address) or a client id.</param>
/// <param name="Role">Whether the peer is a silo or a client.</param>
internal readonly record struct PeerInfo(string Identity, PeerRole Role);
