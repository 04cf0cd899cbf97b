namespace BigDL.Grains;

/// <summary>Prepares an Orleans client to call a BigDL cluster.</summary>
public static class BigDLClientBuilderExtensions
{
    /// <summary>
    /// Adds what a client of the service needs: the payload codecs the silos use and, beyond loopback, the API key the
    /// gateways ask for (null or empty for a silo that asks none). Clustering stays the caller's choice.
    /// </summary>
    public static IClientBuilder AddBigDL(this IClientBuilder client, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        BigDLServices.AddShared(client.Services);
        if (!string.IsNullOrEmpty(apiKey))
        {
            client.UsePreSharedKeyAuthentication(apiKey);
        }

        return client;
    }
}
