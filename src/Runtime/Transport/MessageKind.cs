namespace BigDL.Orleans.Transport;

/// <summary>What a <see cref="Message"/> is for; the first byte of every frame after its length.</summary>
internal enum MessageKind : byte
{
    /// <summary>A grain call that expects a <see cref="Response"/> with the same correlation id.</summary>
    Request = 1,

    /// <summary>The answer to a <see cref="Request"/> or <see cref="SystemRequest"/>; <see cref="Message.Status"/> says how it ended.</summary>
    Response = 2,

    /// <summary>A grain call nobody waits for (<c>[OneWay]</c>).</summary>
    OneWayRequest = 3,

    /// <summary>Asks the peer to cancel the request with the same correlation id.</summary>
    Cancel = 4,

    /// <summary>A membership probe; the runtime answers it with <see cref="Pong"/>.</summary>
    Ping = 5,

    /// <summary>The answer to a <see cref="Ping"/>.</summary>
    Pong = 6,

    /// <summary>A call to a system target (directory, membership, placement) rather than a grain.</summary>
    SystemRequest = 7,

    /// <summary>A transport-level heartbeat that keeps an idle connection alive; never delivered to the handler.</summary>
    KeepAlive = 8,
}

/// <summary>How a call ended, carried by <see cref="MessageKind.Response"/> messages.</summary>
internal enum ResponseStatus : byte
{
    /// <summary>Not a response, or a response with a result in its body.</summary>
    Ok = 0,

    /// <summary>The call threw; the body carries the serialized exception.</summary>
    Exception = 1,

    /// <summary>The target silo cannot serve the call (shutting down, grain not placeable there); retry elsewhere.</summary>
    Unavailable = 2,

    /// <summary>The message was refused (unknown grain type or method, expired deadline, overload); the body says why.</summary>
    Rejected = 3,
}
