using BigDL.Security;
using BigDL.Security.PreSharedKey;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Turns on the pre-shared-key handshake for every connection of a silo or a client.</summary>
public static class PreSharedKeyHostingExtensions
{
    /// <summary>
    /// Makes every silo-to-silo connection prove the cluster secret and every client connection to this silo's gateway
    /// prove the API key, both ways, before Orleans accepts a message on it.
    /// </summary>
    /// <remarks>
    /// A silo whose secret the active silos refuse (and none accepts) fails its start at once with an
    /// <see cref="BigDL.Security.AuthenticationRefusedException"/>, before it writes itself into the membership table.
    /// </remarks>
    public static ISiloBuilder UsePreSharedKeyAuthentication(this ISiloBuilder builder, Action<ClusterAuthenticationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ClusterAuthenticationOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterAuthenticationOptions>, AuthenticationOptionsValidator>());
        builder.Services.Configure<SiloConnectionOptions>(connections =>
        {
            connections.ConfigureSiloInboundConnection(c => c.UseMiddleware(Create(c, accepting: true, PeerRole.Silo, "silo port", o => o.ClusterSecret)));
            connections.ConfigureSiloOutboundConnection(c => c.UseMiddleware(Create(c, accepting: false, PeerRole.Silo, "silo port", o => o.ClusterSecret)));
            connections.ConfigureGatewayInboundConnection(c => c.UseMiddleware(Create(c, accepting: true, PeerRole.Client, "gateway", o => o.ApiKey)));
        });
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, ClusterSecretCheck>());
        return builder;
    }

    /// <summary>Makes this client prove <paramref name="apiKey"/> to the gateway, and refuse a gateway that cannot prove it back.</summary>
    public static IClientBuilder UsePreSharedKeyAuthentication(this IClientBuilder builder, string apiKey) =>
        builder.UsePreSharedKeyAuthentication(o => o.ApiKey = apiKey);

    /// <summary>Makes this client prove its API key to the gateway, and refuse a gateway that cannot prove it back.</summary>
    /// <remarks>
    /// A connect the gateway refuses for the key is not retried: the client's start fails at once with an
    /// <see cref="BigDL.Security.AuthenticationRefusedException"/>. Other failures are retried by the connection retry filter
    /// registered before this call (Orleans' default unless the application set one); a filter set after it replaces both.
    /// </remarks>
    public static IClientBuilder UsePreSharedKeyAuthentication(this IClientBuilder builder, Action<ClientAuthenticationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ClientAuthenticationOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClientAuthenticationOptions>, AuthenticationOptionsValidator>());
        RefusedConnectionRetryFilter.Register(builder.Services);
        builder.Services.Configure<ClientConnectionOptions>(connections => connections.ConfigureConnection(c =>
        {
            var options = c.ApplicationServices.GetRequiredService<IOptions<ClientAuthenticationOptions>>().Value;

            // The validator ran at start-up, so the key is there.
            c.UseMiddleware(PreSharedKeyConnectionMiddleware.Initiator(PeerRole.Client, "gateway", options.ApiKey!, options.HandshakeTimeout, Logger(c)));
        }));
        return builder;
    }

    static PreSharedKeyConnectionMiddleware Create(IConnectionBuilder connection, bool accepting, PeerRole role, string endpoint, Func<ClusterAuthenticationOptions, string?> key)
    {
        var options = connection.ApplicationServices.GetRequiredService<IOptions<ClusterAuthenticationOptions>>().Value;

        // The validator ran at start-up, so both keys are there.
        var value = key(options)!;
        return accepting
            ? PreSharedKeyConnectionMiddleware.Acceptor(role, endpoint, value, options.HandshakeTimeout, Logger(connection))
            : PreSharedKeyConnectionMiddleware.Initiator(role, endpoint, value, options.HandshakeTimeout, Logger(connection));
    }

    static ILogger Logger(IConnectionBuilder connection) =>
        connection.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("BigDL.Security.PreSharedKey");
}
