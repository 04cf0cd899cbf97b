namespace BigDL.Security.PreSharedKey;

/// <summary>The API key a client proves to a gateway, and expects the gateway to prove back.</summary>
public sealed class ClientAuthenticationOptions
{
    /// <summary>Gets or sets the key shared with the gateways (BIGDL_API_KEY); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets how long a gateway has to finish the handshake before the connection attempt fails.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = ClusterAuthenticationOptions.DefaultHandshakeTimeout;

    /// <inheritdoc />
    public override string ToString() => $"{nameof(ClientAuthenticationOptions)} {{ HandshakeTimeout = {HandshakeTimeout} }}";
}
