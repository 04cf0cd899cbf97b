using BigDL.Dashboard.Auth;
using BigDL.Dashboard.Components;
using BigDL.Dashboard.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace BigDL.Dashboard;

/// <summary>Maps the dashboard's pages and endpoints under its <see cref="DashboardOptions.PathBase"/>.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the pages, the live streams (<c>live/{view}</c>), model downloads and the assets; Orleans' dashboard at
    /// <c>orleans/</c> when a silo or client added it (<see cref="OrleansDashboardExtensions"/>); and the Prometheus scrape
    /// endpoint <c>metrics</c> when <see cref="MetricsServiceCollectionExtensions.AddBigDLMetrics"/> ran. With an API key
    /// set, every endpoint but the login form and the assets requires it, Orleans' dashboard and the metrics included;
    /// with none (which a host allows only on loopback) all are open. The host calls <c>app.UseAntiforgery()</c> (the
    /// forms carry tokens); a <c>WebApplication</c> adds the authentication and authorization middleware itself, another
    /// host calls <c>UseAuthentication</c> and <c>UseAuthorization</c> after <c>UseRouting</c>, then <c>UseAntiforgery</c>.
    /// </summary>
    public static RouteGroupBuilder MapBigDLDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var dashboard = endpoints.MapGroup("/");
        dashboard.MapGet("assets/{**path}", AssetEndpoint.ServeAsync).AllowAnonymous();

        var guarded = dashboard.MapGroup("/");
        if (options.RequiresKey)
        {
            guarded.RequireAuthorization(new AuthorizationPolicyBuilder(DashboardKey.Scheme).RequireAuthenticatedUser().Build());
        }

        guarded.MapGet("live/{view}", LiveEndpoint.StreamAsync);
        guarded.MapGet("models/{name}/{version:int}/download", ModelDownloadEndpoint.DownloadAsync);
        guarded.MapRazorComponents<App>();
        if (endpoints.ServiceProvider.GetService<OrleansDashboardMarker>() is not null)
        {
            guarded.MapOrleansDashboard(OrleansDashboardMarker.Route);
        }

        if (endpoints.ServiceProvider.GetService<MetricsMarker>() is not null)
        {
            guarded.MapPrometheusScrapingEndpoint(MetricsMarker.Route);
        }

        return dashboard;
    }
}
