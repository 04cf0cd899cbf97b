using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Grains;

/// <summary>A one-silo Orleans cluster inside this process, with the service added, for local mode and scripts.</summary>
/// <remarks>
/// Localhost clustering on a free silo port and no gateway (calls go through the silo's own client), memory grain storage
/// and reminders (nothing outlives the process), <see cref="BigDLSiloBuilderExtensions.AddBigDL"/>, and no logging.
/// Grains of any referenced assembly are found as Orleans finds them in any silo.
/// </remarks>
public sealed class LocalSilo : IAsyncDisposable
{
    readonly IHost host;

    LocalSilo(IHost host) => this.host = host;

    /// <summary>Gets the silo's own cluster client: its calls run in this process, through this silo.</summary>
    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts the silo, with <paramref name="configure"/> adding to the service's options (objectives, say).</summary>
    public static async Task<LocalSilo> StartAsync(Action<BigDLServiceOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFilter(_ => false);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: FreePort.Next(), gatewayPort: 0)
            .AddMemoryGrainStorageAsDefault()
            .UseInMemoryReminderService()
            .AddBigDL(configure));
        return new LocalSilo(await HostStart.StartAsync(builder, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Stops the silo gracefully and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            host.Dispose();
        }
    }
}
