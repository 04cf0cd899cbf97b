using BigDL.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BigDL.Silo.Commands.Hosting;

/// <summary>The web host that serves the dashboard, shared by <c>bigdl silo</c>, <c>demo</c> and <c>dashboard</c>.</summary>
internal static class DashboardHost
{
    /// <summary>A builder listening on <paramref name="dashboard"/> with the dashboard's services; the caller adds a silo or a client.</summary>
    public static WebApplicationBuilder CreateBuilder(DashboardEndpoint dashboard)
    {
        var builder = WebApplication.CreateBuilder();

        // A failed start is reported once, as one line; the host's and Kestrel's own reports are stack traces.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.None);
        // The dashboard keeps its cookie keys in memory on purpose (a restart signs users out); the warning says only that.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(k => k.Listen(dashboard.Address, dashboard.Port));
        builder.Services.AddBigDLDashboard(o => o.ApiKey = dashboard.Key);
        builder.Services.AddBigDLMetrics();
        return builder;
    }

    /// <summary>Builds the application and maps the dashboard.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseAntiforgery();
        app.MapBigDLDashboard();
        return app;
    }

    /// <summary>Starts the host; false when Ctrl+C came during the start (what had started is stopped again).</summary>
    public static async Task<bool> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await app.StopAsync(CancellationToken.None);
            return false;
        }
    }

    /// <summary>The dashboard's address as Kestrel bound it (the real port when 0 was asked for), with a trailing slash.</summary>
    public static string Url(WebApplication app)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
        return bound.TrimEnd('/') + "/";
    }
}
