using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace BigDL.Security.Tls;

/// <summary>The loaded certificate and trust of one host, turned into Orleans' <see cref="TlsOptions"/> once and shared by its connections.</summary>
internal sealed class MutualTlsCredentials : IDisposable
{
    readonly X509Certificate2 certificate;
    readonly X509Certificate2? authority;

    public MutualTlsCredentials(IOptions<MutualTlsOptions> options)
    {
        var value = options.Value;

        // The validator loaded both files at start-up; a failure here means they changed since, and says so in one line.
        certificate = CertificateFiles.LoadWithPrivateKey(value.CertificatePath!, value.CertificatePassword);
        authority = string.IsNullOrEmpty(value.TrustedAuthorityPath) ? null : CertificateFiles.LoadPublic(value.TrustedAuthorityPath);
        var trust = new PeerCertificateTrust([.. value.TrustedThumbprints], authority);
        Tls = new TlsOptions
        {
            LocalCertificate = certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            RemoteCertificateValidation = trust.IsTrusted,
            HandshakeTimeout = value.HandshakeTimeout,
        };
    }

    /// <summary>Gets the options both the server and the client side of Orleans' TLS middleware read.</summary>
    public TlsOptions Tls { get; }

    public void Dispose()
    {
        certificate.Dispose();
        authority?.Dispose();
    }
}
