namespace BigDL.Orleans.Transport;

/// <summary>Who this side is in a handshake, the secret it proves when it connects, and the secrets it accepts per peer role.</summary>
/// <remarks>
/// A silo connecting to a silo proves the cluster secret; a client connecting to a gateway proves an API key; a gateway
/// accepts both by listing both in <see cref="AcceptedSecrets"/>. A role without an entry there is refused.
/// The secrets are never logged, sent, or shown by <see cref="ToString"/>.
/// </remarks>
internal sealed class HandshakeCredentials
{
    /// <summary>Creates credentials that prove and accept one secret for one role (the silo-to-silo case).</summary>
    public HandshakeCredentials(string identity, PeerRole role, byte[] secret)
        : this(identity, role, secret, new Dictionary<PeerRole, byte[]> { [role] = secret })
    {
    }

    /// <summary>Creates credentials that prove <paramref name="secret"/> and accept a secret per initiating peer role.</summary>
    public HandshakeCredentials(string identity, PeerRole role, byte[] secret, IReadOnlyDictionary<PeerRole, byte[]> acceptedSecrets)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(acceptedSecrets);
        if (secret.Length < MinimumSecretBytes || acceptedSecrets.Values.Any(s => s is null || s.Length < MinimumSecretBytes))
        {
            throw new ArgumentException($"A transport secret must be at least {MinimumSecretBytes} bytes; generate one with e.g. 'openssl rand -base64 32'.", nameof(secret));
        }

        Identity = identity;
        Role = role;
        Secret = secret;
        AcceptedSecrets = acceptedSecrets;
    }

    /// <summary>The fewest secret bytes accepted: below 16 an offline guess of a captured handshake becomes cheap.</summary>
    public const int MinimumSecretBytes = 16;

    /// <summary>Gets this side's identity, e.g. a silo's <c>ip:port</c> or a client id; sent in the clear.</summary>
    public string Identity { get; }

    /// <summary>Gets the role this side claims when it connects.</summary>
    public PeerRole Role { get; }

    /// <summary>Gets the key this side proves when it initiates a connection.</summary>
    internal byte[] Secret { get; }

    /// <summary>Gets the keys this side accepts, by the role the initiating peer claims.</summary>
    internal IReadOnlyDictionary<PeerRole, byte[]> AcceptedSecrets { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Role} {Identity}";
}
