using System.Net;

namespace BigDL.Orleans.Client;

/// <summary>Connects to a cluster from outside it: <c>await using var client = await BigDLClient.ConnectAsync("127.0.0.1:30000", apiKey);</c>.</summary>
public static class BigDLClient
{
    /// <summary>
    /// Connects to the gateway at <paramref name="gateways"/> (<c>host:port</c>, or several separated by commas) with
    /// <paramref name="apiKey"/>, and returns a client whose grain references call into the cluster. The client learns
    /// the other silos' gateways and moves to one of them when its gateway goes away.
    /// </summary>
    /// <exception cref="ArgumentException">An address is not <c>host:port</c>, or the key is shorter than 16 characters.</exception>
    /// <exception cref="GatewayUnavailableException">No gateway could be reached, or the key was refused; the message says which.</exception>
    public static async Task<IClusterClientConnection> ConnectAsync(string gateways, string apiKey, Action<ClientOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gateways);
        if (apiKey is null || System.Text.Encoding.UTF8.GetByteCount(apiKey) < Transport.HandshakeCredentials.MinimumSecretBytes)
        {
            throw new ArgumentException($"The API key must be at least {Transport.HandshakeCredentials.MinimumSecretBytes} characters: use the key the silo was started with (--api-key or BIGDL_API_KEY).", nameof(apiKey));
        }

        var endpoints = gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseEndPoint).ToList();
        var options = new ClientOptions();
        configure?.Invoke(options);
        var client = new GatewayClient(endpoints, apiKey, options);
        try
        {
            await client.ConnectAsync(cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Parses <c>host:port</c> (IPv6 in brackets) into an endpoint.</summary>
    /// <exception cref="ArgumentException">The text is not <c>host:port</c>.</exception>
    public static EndPoint ParseEndPoint(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"Gateway address '{address}' is not host:port, e.g. 127.0.0.1:30000.", nameof(address));
        }

        var host = address[..colon].Trim('[', ']');
        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }
}

/// <summary>A client connected to a cluster through a gateway; dispose it to disconnect.</summary>
public interface IClusterClientConnection : IClusterClient, IAsyncDisposable
{
    /// <summary>Gets the gateway the client is connected to now, or null while it reconnects.</summary>
    string? Gateway { get; }
}

/// <summary>No gateway of the cluster could be reached or the gateway refused the client.</summary>
public sealed class GatewayUnavailableException : Exception
{
    /// <summary>Creates the exception with what went wrong and what to do.</summary>
    public GatewayUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public GatewayUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public GatewayUnavailableException()
        : base("No gateway of the cluster could be reached.")
    {
    }
}
