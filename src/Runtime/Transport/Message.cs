namespace BigDL.Orleans.Transport;

/// <summary>One message on a silo-to-silo or client-to-gateway connection: a routing header and an opaque body.</summary>
/// <remarks>
/// The body is bytes the runtime serialized (with <c>BinarySerializer</c>, which already writes float arrays as raw
/// little-endian bytes); the transport never looks inside it. A sent message's body must not change until it is
/// written: bodies are treated as immutable, and <see cref="BodyOwner"/>, when set, is disposed once the bytes are in
/// the pipe so a pooled buffer can go back to its pool.
/// </remarks>
internal sealed class Message
{
    /// <summary>Gets what the message is for.</summary>
    public required MessageKind Kind { get; init; }

    /// <summary>Gets the id that pairs a response with its request; unique per sender and connection.</summary>
    public long CorrelationId { get; init; }

    /// <summary>Gets how a call ended (responses only).</summary>
    public ResponseStatus Status { get; init; }

    /// <summary>Gets the grain the message is for; default for responses, pings and system messages without one.</summary>
    public GrainId Target { get; init; }

    /// <summary>Gets the grain that sent it, if a grain did; default for calls from clients or system code.</summary>
    public GrainId Sender { get; init; }

    /// <summary>Gets the full name of the grain interface the method belongs to, or empty.</summary>
    public string Interface { get; init; } = "";

    /// <summary>Gets the method name, or empty.</summary>
    public string Method { get; init; } = "";

    /// <summary>Gets the silo (or client) identity the message is meant for, or empty for "whoever is at the other end".</summary>
    public string TargetSilo { get; init; } = "";

    /// <summary>Gets the identity of the silo (or client) that created the message, or empty.</summary>
    public string SenderSilo { get; init; } = "";

    /// <summary>Gets the time after which the call is useless, as Unix milliseconds (UTC), or 0 for none.</summary>
    /// <remarks>Absolute, not remaining, so a forwarded message keeps its budget; silos' clocks are assumed NTP-close.</remarks>
    public long DeadlineUnixMs { get; init; }

    /// <summary>Gets the grains waiting on this call, outermost first, for cycle detection across silos.</summary>
    public IReadOnlyList<GrainId> CallChain { get; init; } = [];

    /// <summary>Gets the serialized arguments, result or exception.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets an owner of <see cref="Body"/>'s buffer.</summary>
    /// <remarks>
    /// Sending: the connection disposes it once the body is written. Receiving: a body of 64 KiB or more lies in a pooled
    /// array owned by this; the handler disposes it when done with the body (after deserializing) to recycle the array,
    /// or never, and the GC takes it. Never dispose it while anything still reads <see cref="Body"/>.
    /// </remarks>
    public IDisposable? BodyOwner { get; init; }

    /// <summary>Builds the response to this request with the same correlation id, swapping sender and target silos.</summary>
    public Message CreateResponse(ResponseStatus status, ReadOnlyMemory<byte> body, IDisposable? bodyOwner = null) => new()
    {
        Kind = Kind == MessageKind.Ping ? MessageKind.Pong : MessageKind.Response,
        CorrelationId = CorrelationId,
        Status = status,
        Target = Sender,
        Sender = Target,
        TargetSilo = SenderSilo,
        SenderSilo = TargetSilo,
        Body = body,
        BodyOwner = bodyOwner,
    };

    /// <summary>Builds a <see cref="ResponseStatus.Rejected"/> response whose body is <paramref name="reason"/> in UTF-8 (unknown grain type or method, expired deadline).</summary>
    public Message CreateRejection(string reason) => CreateResponse(ResponseStatus.Rejected, System.Text.Encoding.UTF8.GetBytes(reason));

    /// <summary>Reads the reason of a <see cref="ResponseStatus.Rejected"/> response.</summary>
    public string RejectionReason => Status == ResponseStatus.Rejected ? System.Text.Encoding.UTF8.GetString(Body.Span) : "";

    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind} #{CorrelationId} {Target} {Interface}.{Method} status={Status} body={Body.Length} B";
}
