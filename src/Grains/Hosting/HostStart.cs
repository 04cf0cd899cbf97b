using Microsoft.Extensions.Hosting;

namespace BigDL.Grains;

/// <summary>Builds and starts a host, disposing it when the start fails, so that no half-started silo or client is left.</summary>
internal static class HostStart
{
    public static async Task<IHost> StartAsync(HostApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
