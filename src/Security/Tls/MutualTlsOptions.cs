namespace BigDL.Security.Tls;

/// <summary>The certificate this side presents and the peers it trusts, for TLS on every connection with both sides authenticated.</summary>
public sealed class MutualTlsOptions
{
    /// <summary>The default <see cref="HandshakeTimeout"/>.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the PKCS#12 (.pfx) file with this side's certificate and private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Gets or sets the password of <see cref="CertificatePath"/>, or null when it has none; never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Gets the SHA-1 thumbprints (hex) of peer certificates trusted as they are, e.g. self-signed ones of a dev cluster.</summary>
    public IList<string> TrustedThumbprints { get; } = [];

    /// <summary>Gets or sets a certificate file (.cer/.crt/.pem) of an authority whose issued certificates are trusted.</summary>
    public string? TrustedAuthorityPath { get; set; }

    /// <summary>Gets or sets how long a peer has to finish the TLS handshake.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = DefaultHandshakeTimeout;
}
