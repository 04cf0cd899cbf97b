using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Grains;

/// <summary>An Orleans client connected to a BigDL cluster's gateways; disposing it closes the connection.</summary>
/// <remarks>
/// A program that hosts its own Orleans client adds <see cref="BigDLClientBuilderExtensions.AddBigDL"/> to its client
/// builder instead; this class is the short form for scripts and the command line.
/// </remarks>
public sealed class BigDLClient : IClusterClient, IAsyncDisposable
{
    readonly IHost host;

    BigDLClient(IHost host)
    {
        this.host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Gets the Orleans cluster client.</summary>
    public IClusterClient Client { get; }

    /// <summary>How long disposing waits for the client to stop.</summary>
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The cluster id a client assumes when none is given: the <c>bigdl silo</c> default.</summary>
    public const string DefaultClusterId = "default";

    /// <summary>Connects to one of <paramref name="gateways"/> (<c>host:port[,host:port]</c>) of the default cluster with <paramref name="apiKey"/>.</summary>
    /// <exception cref="ArgumentException">A gateway is not <c>host:port</c> or its host does not resolve.</exception>
    public static Task<BigDLClient> ConnectAsync(string gateways, string? apiKey, CancellationToken cancellationToken = default) =>
        ConnectAsync(gateways, apiKey, DefaultClusterId, cancellationToken);

    /// <summary>
    /// Connects to one of <paramref name="gateways"/> of cluster <paramref name="clusterId"/> (a gateway drops a client
    /// that names another cluster) with <paramref name="apiKey"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A gateway is not <c>host:port</c> or its host does not resolve.</exception>
    public static async Task<BigDLClient> ConnectAsync(string gateways, string? apiKey, string clusterId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ArgumentException.ThrowIfNullOrWhiteSpace(gateways);
        var endpoints = await ParseGatewaysAsync(gateways, cancellationToken).ConfigureAwait(false);
        var client = await ConnectAsync(
            builder => builder
                .UseStaticClustering(endpoints)
                .Configure<Orleans.Configuration.ClusterOptions>(o => o.ClusterId = clusterId),
            apiKey,
            cancellationToken).ConfigureAwait(false);
        client.Gateways = endpoints;
        return client;
    }

    /// <summary>
    /// Connects with the clustering and options <paramref name="configure"/> sets on Orleans' client builder (a store's
    /// gateway list, a longer response timeout), plus <see cref="BigDLClientBuilderExtensions.AddBigDL"/> with <paramref name="apiKey"/>.
    /// </summary>
    public static async Task<BigDLClient> ConnectAsync(Action<IClientBuilder> configure, string? apiKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.UseOrleansClient(client =>
        {
            configure(client);
            client.AddBigDL(apiKey);
        });
        return new BigDLClient(await HostStart.StartAsync(builder, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public IServiceProvider ServiceProvider => Client.ServiceProvider;

    /// <summary>Gets the gateways this client was given.</summary>
    public IReadOnlyList<IPEndPoint> Gateways { get; private set; } = [];

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey => Client.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => Client.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey => Client.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => Client.GetGrain<TGrainInterface>(primaryKey, keyExtension, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => Client.GetGrain<TGrainInterface>(primaryKey, keyExtension, grainClassNamePrefix);

    /// <inheritdoc/>
    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => Client.GetGrain<TGrainInterface>(grainId);

    /// <inheritdoc/>
    public IAddressable GetGrain(GrainId grainId) => Client.GetGrain(grainId);

    /// <inheritdoc/>
    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => Client.GetGrain(grainId, interfaceType);

    /// <inheritdoc/>
    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => Client.GetGrain(interfaceType, grainKey);

    /// <inheritdoc/>
    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => Client.GetGrain(interfaceType, grainKey, grainClassNamePrefix);

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => Client.GetGrain(grainInterfaceType, grainPrimaryKey);

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => Client.GetGrain(grainInterfaceType, grainPrimaryKey, keyExtension);

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => Client.GetGrain(grainInterfaceType, grainPrimaryKey);

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => Client.GetGrain(grainInterfaceType, grainPrimaryKey, keyExtension);

    /// <inheritdoc/>
    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => Client.GetGrain(grainInterfaceType, grainPrimaryKey);

    /// <inheritdoc/>
    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => Client.CreateObjectReference<TGrainObserverInterface>(obj);

    /// <inheritdoc/>
    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => Client.DeleteObjectReference<TGrainObserverInterface>(obj);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // A client whose gateways all died does not stop cleanly (Orleans waits for them); nothing is lost by giving up.
            using var timeout = new CancellationTokenSource(StopTimeout);
            await host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>Parses <c>host:port[,host:port]</c> into endpoints, resolving host names.</summary>
    public static async Task<IPEndPoint[]> ParseGatewaysAsync(string gateways, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gateways);
        var endpoints = new List<IPEndPoint>();
        foreach (var part in gateways.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(part.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"gateway '{part}' is not host:port", nameof(gateways));
            }

            var host = part[..colon].Trim('[', ']');
            if (IPAddress.TryParse(host, out var address))
            {
                endpoints.Add(new IPEndPoint(address, port));
                continue;
            }

            IPAddress[] addresses;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new ArgumentException($"gateway '{part}': host '{host}' does not resolve ({e.SocketErrorCode})", nameof(gateways), e);
            }

            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new ArgumentException($"gateway '{part}': host '{host}' has no address", nameof(gateways));
            endpoints.Add(new IPEndPoint(chosen, port));
        }

        return [.. endpoints];
    }
}
