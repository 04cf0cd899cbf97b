namespace BigDL.Security.PreSharedKey;

/// <summary>The keys a silo proves and accepts: the cluster secret between silos, the API key from clients to its gateway.</summary>
public sealed class ClusterAuthenticationOptions
{
    /// <summary>The fewest characters a key may have: below 16 an offline guess at a captured handshake becomes cheap.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>The default <see cref="HandshakeTimeout"/>.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the secret every silo of the cluster proves to every other (BIGDL_CLUSTER_SECRET); never logged.</summary>
    public string? ClusterSecret { get; set; }

    /// <summary>Gets or sets the key clients prove to this silo's gateway, and the gateway proves back (BIGDL_API_KEY); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets how long a peer has to finish the handshake before it is disconnected.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = DefaultHandshakeTimeout;

    /// <inheritdoc />
    public override string ToString() => $"{nameof(ClusterAuthenticationOptions)} {{ HandshakeTimeout = {HandshakeTimeout} }}";
}
