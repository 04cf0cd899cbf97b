using BigDL.Orleans.Grains;
using BigDL.Orleans.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Dashboard.Tests;

/// <summary>A silo with the dashboard mounted, in a real web host on a free loopback port inside the test process.</summary>
public sealed class DashboardHost : IAsyncDisposable
{
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
        builder.Services.AddSingleton<ITrialObjective, PacedObjective>();
        builder.UseBigDLSilo(o =>
        {
            o.Storage = "memory";
            o.MinimumReminderPeriod = TimeSpan.FromSeconds(1); // campaigns with a cron of one second
            o.AddGrainAssembly(typeof(ExperimentGrain).Assembly);
        });
        builder.Services.AddBigDLDashboard(o =>
        {
            o.ApiKey = apiKey;
            o.PathBase = pathBase;
            o.RefreshInterval = refreshInterval ?? TimeSpan.FromMilliseconds(300);
        });
        var app = builder.Build();
        app.UseAntiforgery();
        app.MapBigDLDashboard();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DashboardHost(app, $"{address.TrimEnd('/')}{pathBase.TrimEnd('/')}/");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
