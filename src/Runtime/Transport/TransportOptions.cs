using System.Net;

namespace BigDL.Orleans.Transport;

/// <summary>Settings of the silo-to-silo and client-to-gateway TCP transport.</summary>
public sealed class TransportOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "BigDL:Transport";

    /// <summary>The default <see cref="MaxFrameBytes"/>: 128 MiB, room for a large tensor argument in one message.</summary>
    public const int DefaultMaxFrameBytes = 128 * 1024 * 1024;

    /// <summary>The smallest <see cref="MaxFrameBytes"/> accepted: a message header with long names must still fit.</summary>
    public const int MinimumMaxFrameBytes = 64 * 1024;

    /// <summary>Gets or sets the address the listener binds; loopback by default, so a silo is not reachable from the network until asked.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Gets or sets the port the listener binds; 0 picks a free one (see <c>ConnectionListener.LocalEndPoint</c>).</summary>
    public int ListenPort { get; set; }

    /// <summary>Gets or sets the largest frame (one message: header and body) a peer may send or this side may write.</summary>
    public int MaxFrameBytes { get; set; } = DefaultMaxFrameBytes;

    /// <summary>Gets or sets the longest UTF-8 string in a message header (grain type, key, interface, method, identity).</summary>
    public int MaxHeaderStringBytes { get; set; } = 4096;

    /// <summary>Gets or sets the most grain ids a message's call chain may carry.</summary>
    public int MaxCallChainLength { get; set; } = 128;

    /// <summary>Gets or sets how long a new connection may take to prove the shared secret before it is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many accepted connections may be in their handshake at once; more are closed at once.</summary>
    public int MaxPendingHandshakes { get; set; } = 64;

    /// <summary>Gets or sets how long a connection may send nothing before it sends a keep-alive frame.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long a connection may receive nothing (not even a keep-alive) before it is declared dead.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a connect attempt may take before it fails.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many unflushed bytes the writer collects before it flushes mid-batch, bounding write latency of big batches.</summary>
    public int MaxUnflushedBytes { get; set; } = 256 * 1024;

    /// <summary>Returns a copy that listens on <paramref name="address"/>:<paramref name="port"/>, with the same limits.</summary>
    public TransportOptions WithListener(IPAddress address, int port)
    {
        var copy = (TransportOptions)MemberwiseClone();
        copy.ListenAddress = address;
        copy.ListenPort = port;
        return copy;
    }
}
