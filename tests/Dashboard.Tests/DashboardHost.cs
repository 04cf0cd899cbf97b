using BigDL.Grains;
using BigDL.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Dashboard.Tests;

/// <summary>
/// An Orleans silo with the BigDL service and the dashboard (ours, Orleans' under <c>orleans/</c>, metrics at
/// <c>metrics</c>) in one web host on free loopback ports inside the test process, as the <c>bigdl silo</c> host runs them.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    /// <summary>How long a stop may take: the silo deactivates its grains and leaves the membership first.</summary>
    static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);

    readonly WebApplication app;

    DashboardHost(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Gets the dashboard's root URL, ending in '/'.</summary>
    public string BaseUrl { get; }

    public IClusterClient Client => app.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts a host; live views poll every 300 ms unless <paramref name="refreshInterval"/> says otherwise.</summary>
    public static async Task<DashboardHost> StartAsync(string? apiKey = null, string pathBase = "/", TimeSpan? refreshInterval = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(Browser.ArtifactsFolder, "host.log")));
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var ports = FreePorts.Take(2);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(ports[0], ports[1])
                .AddMemoryGrainStorageAsDefault()
                .UseInMemoryReminderService()
                .AddBigDL(o => o.AddObjective<PacedObjective>())
                .AddBigDLDashboard();
            ServiceSilo.MinimumReminderPeriod(TimeSpan.FromSeconds(1))(silo); // campaigns with a cron of one second
        });
        builder.Services.AddBigDLDashboard(o =>
        {
            o.ApiKey = apiKey;
            o.PathBase = pathBase;
            o.RefreshInterval = refreshInterval ?? TimeSpan.FromMilliseconds(300);
        });
        builder.Services.AddBigDLMetrics();
        var app = builder.Build();
        app.UseAntiforgery();
        app.MapBigDLDashboard();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DashboardHost(app, $"{address.TrimEnd('/')}{pathBase.TrimEnd('/')}/");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
