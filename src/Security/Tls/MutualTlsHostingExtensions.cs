using BigDL.Security;
using BigDL.Security.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Turns on TLS with both sides authenticated by certificate, on Microsoft.Orleans.Connections.Security's middleware.</summary>
public static class MutualTlsHostingExtensions
{
    /// <summary>
    /// Encrypts every silo and gateway connection and requires the peer — silo or client — to present a trusted certificate.
    /// </summary>
    public static ISiloBuilder UseMutualTls(this ISiloBuilder builder, Action<MutualTlsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddCredentials(builder.Services, configure);
        builder.Services.Configure<SiloConnectionOptions>(connections =>
        {
            connections.ConfigureSiloInboundConnection(c => c.UseServerTls(Tls(c)));
            connections.ConfigureGatewayInboundConnection(c =>
            {
                c.UseServerTls(Tls(c));
                c.Use(TlsAcceptance.Confirm);
            });
            connections.ConfigureSiloOutboundConnection(c => c.UseClientTls(Tls(c)));
        });
        return builder;
    }

    /// <summary>Encrypts the client's gateway connections, presents its certificate, and requires a trusted gateway certificate.</summary>
    /// <remarks>
    /// A certificate either side refuses is not retried: the client's start fails at once with an
    /// <see cref="BigDL.Security.AuthenticationRefusedException"/>. The gateways must run <c>UseMutualTls</c> from this
    /// version too: each confirms a trusted client with one frame inside TLS, which the client waits for.
    /// </remarks>
    public static IClientBuilder UseMutualTls(this IClientBuilder builder, Action<MutualTlsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddCredentials(builder.Services, configure);
        builder.Services.Configure<ClientConnectionOptions>(connections => connections.ConfigureConnection(c =>
        {
            var tls = Tls(c);
            var refusals = c.ApplicationServices.GetRequiredService<TlsRefusals>();
            c.Use(TlsAcceptance.FailUnlessHandshakeCompleted(tls.HandshakeTimeout, refusals)); // the first added runs outermost
            c.UseClientTls(tls);
            c.Use(TlsAcceptance.AwaitConfirmation(tls.HandshakeTimeout, refusals));
        }));
        builder.Services.TryAddSingleton<TlsRefusals>();
        RefusedConnectionRetryFilter.Register(builder.Services);
        return builder;
    }

    static void AddCredentials(IServiceCollection services, Action<MutualTlsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MutualTlsOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MutualTlsOptions>, MutualTlsOptionsValidator>());
        services.TryAddSingleton<MutualTlsCredentials>();
    }

    static Orleans.Connections.Security.TlsOptions Tls(IConnectionBuilder connection) =>
        connection.ApplicationServices.GetRequiredService<MutualTlsCredentials>().Tls;
}
