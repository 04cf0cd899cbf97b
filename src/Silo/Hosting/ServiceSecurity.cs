using System.Security.Cryptography;

namespace BigDL.Silo.Hosting;

/// <summary>Authenticates the silo's connections: the cluster secret between silos, the API key from clients to the gateway.</summary>
internal static class ServiceSecurity
{
    public static void Configure(ISiloBuilder silo, ServiceSiloOptions options)
    {
        var secret = NonEmpty(options.ClusterSecret);
        var apiKey = NonEmpty(options.ApiKey);
        if (secret is null && apiKey is null)
        {
            return; // loopback only (checked by the options): nothing else can reach the ports
        }

        // Each side of the handshake needs its key; one the user did not give is random, so nothing can prove it.
        secret ??= Random();
        apiKey ??= Random();
        silo.UsePreSharedKeyAuthentication(o =>
        {
            o.ClusterSecret = secret;
            o.ApiKey = apiKey;
        });
    }

    static string Random() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
