namespace BigDL.Orleans.Transport;

/// <summary>Why a connection closed.</summary>
internal enum CloseReason
{
    /// <summary>This side closed it (shutdown, dispose, a superseded duplicate).</summary>
    Local,

    /// <summary>The peer closed it cleanly.</summary>
    PeerClosed,

    /// <summary>The peer broke the wire protocol (bad frame, over a limit); it was dropped.</summary>
    ProtocolViolation,

    /// <summary>Nothing arrived for <see cref="TransportOptions.IdleTimeout"/>; the peer is presumed dead.</summary>
    IdleTimeout,

    /// <summary>The socket failed (reset by a dying peer, network error).</summary>
    SocketError,
}

/// <summary>How and why a connection ended; what the runtime reports when it fails the calls that were in flight on it.</summary>
/// <param name="Reason">The kind of ending.</param>
/// <param name="Error">The error behind it, if one was.</param>
internal sealed record ConnectionCloseInfo(CloseReason Reason, Exception? Error)
{
    /// <summary>Turns the ending into the exception that calls waiting on the connection fail with.</summary>
    public ConnectionClosedException ToException(string peer) =>
        new($"The connection to {peer} closed ({Reason}{(Error is null ? "" : ": " + Error.Message)}).", Error);
}
