using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace BigDL.Security.Tls;

/// <summary>Decides whether a peer's certificate is trusted: pinned by thumbprint, or issued by the configured authority.</summary>
/// <remarks>
/// The machine's root store is deliberately not consulted: a certificate a public CA issued to anyone must not
/// admit a peer into the cluster. Revocation is not checked, as a dev or private CA publishes no revocation list.
/// </remarks>
internal sealed class PeerCertificateTrust(IReadOnlyCollection<string> thumbprints, X509Certificate2? authority)
{
    readonly HashSet<string> thumbprints = new(thumbprints.Select(Normalize), StringComparer.Ordinal);

    public bool IsTrusted(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (thumbprints.Contains(Normalize(certificate.Thumbprint)))
        {
            return true;
        }

        if (authority is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(certificate);
    }

    static string Normalize(string thumbprint) => thumbprint.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
