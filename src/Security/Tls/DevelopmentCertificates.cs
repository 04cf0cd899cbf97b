using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BigDL.Security.Tls;

/// <summary>Writes certificates for a development cluster: self-signed ones to pin by thumbprint, or an authority and certificates it issues.</summary>
/// <remarks>
/// Every certificate carries both the server and the client authentication usage, since a silo accepts connections and
/// opens them. Keys are ECDSA P-256; certificates last a year. Not for production: keep real keys in a real CA.
/// </remarks>
public static class DevelopmentCertificates
{
    static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>Writes a self-signed certificate with its key to <paramref name="pfxPath"/> and returns its thumbprint.</summary>
    public static string WriteSelfSigned(string pfxPath, string subjectName, string? password = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(subjectName, key);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.Add(Lifetime));
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pkcs12, password));
        return certificate.Thumbprint;
    }

    /// <summary>Writes an authority: its key and certificate to <paramref name="pfxPath"/>, its public certificate to <paramref name="cerPath"/>.</summary>
    public static void WriteAuthority(string pfxPath, string cerPath, string subjectName, string? password = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subjectName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.Add(Lifetime));
        File.WriteAllBytes(pfxPath, certificate.Export(X509ContentType.Pkcs12, password));
        File.WriteAllBytes(cerPath, certificate.Export(X509ContentType.Cert));
    }

    /// <summary>Writes a certificate issued by the authority in <paramref name="authorityPfxPath"/>, with its key, to <paramref name="pfxPath"/>.</summary>
    public static string WriteIssued(string authorityPfxPath, string? authorityPassword, string pfxPath, string subjectName, string? password = null)
    {
        using var authority = CertificateFiles.LoadWithPrivateKey(authorityPfxPath, authorityPassword);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = LeafRequest(subjectName, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var notAfter = DateTimeOffset.UtcNow.Add(Lifetime) < authority.NotAfter ? DateTimeOffset.UtcNow.Add(Lifetime) : new DateTimeOffset(authority.NotAfter);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        File.WriteAllBytes(pfxPath, withKey.Export(X509ContentType.Pkcs12, password));
        return withKey.Thumbprint;
    }

    static CertificateRequest LeafRequest(string subjectName, ECDsa key)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subjectName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(subjectName);
        request.CertificateExtensions.Add(names.Build());
        return request;
    }
}
