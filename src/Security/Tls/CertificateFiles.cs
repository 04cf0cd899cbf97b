using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BigDL.Security.Tls;

/// <summary>Loads certificate files, turning every way they can fail into one line naming the file.</summary>
internal static class CertificateFiles
{
    /// <summary>Loads a PKCS#12 file that must hold a private key.</summary>
    /// <exception cref="InvalidOperationException">The file is missing, unreadable, the password is wrong, or it has no private key.</exception>
    public static X509Certificate2 LoadWithPrivateKey(string path, string? password)
    {
        var certificate = Load(path, () => X509CertificateLoader.LoadPkcs12FromFile(path, password));
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"certificate file {path} does not load: it holds no private key (export it as .pfx with its key)");
        }

        return certificate;
    }

    /// <summary>Loads a public certificate (DER or PEM).</summary>
    /// <exception cref="InvalidOperationException">The file is missing, unreadable or not a certificate.</exception>
    public static X509Certificate2 LoadPublic(string path) => Load(path, () => X509CertificateLoader.LoadCertificateFromFile(path));

    static X509Certificate2 Load(string path, Func<X509Certificate2> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"certificate file {path} does not load: {OneLine(e.Message)}", e);
        }
    }

    static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
