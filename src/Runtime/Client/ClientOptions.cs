namespace BigDL.Orleans.Client;

/// <summary>Settings of an external cluster client.</summary>
public sealed class ClientOptions
{
    /// <summary>Gets or sets how long a call waits for its response.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the client keeps trying to reach a gateway (the first connect, and after losing one).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the transport limits (frame size, handshake and idle timeouts).</summary>
    public Transport.TransportOptions Transport { get; } = new();

    /// <summary>Gets or sets the logger factory for the client's own logs, or null for none.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }
}
