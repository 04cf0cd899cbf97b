using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using OrleansDashboardOptions = Orleans.Dashboard.DashboardOptions;
using OrleansDashboardRegistration = Orleans.Dashboard.ServiceCollectionExtensions;

namespace BigDL.Dashboard;

/// <summary>
/// Adds Orleans' own dashboard (calls, errors and latency per grain method, silo CPU and memory, reminders, the live log)
/// to a silo or client; <see cref="DashboardEndpointRouteBuilderExtensions.MapBigDLDashboard"/> then mounts it under
/// <c>orleans/</c>, behind the same API key as the rest, and the cluster page links to it.
/// </summary>
public static class OrleansDashboardExtensions
{
    /// <summary>
    /// Adds the silo side of Orleans' dashboard: the grain service that gathers each silo's statistics and the call filter
    /// that profiles grain methods. Every silo of a cluster needs it for the dashboard to see that silo.
    /// </summary>
    public static ISiloBuilder AddBigDLDashboard(this ISiloBuilder silo, Action<OrleansDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        OrleansDashboardRegistration.AddDashboard(silo, configure);
        silo.Services.TryAddSingleton<OrleansDashboardMarker>();
        return silo;
    }

    /// <summary>
    /// Adds Orleans' dashboard to a client that serves the dashboard beside a cluster; the cluster's silos must have
    /// <see cref="AddBigDLDashboard(ISiloBuilder, Action{OrleansDashboardOptions}?)"/>.
    /// </summary>
    public static IClientBuilder AddBigDLDashboard(this IClientBuilder client, Action<OrleansDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrleansDashboardRegistration.AddDashboard(client, configure);
        client.Services.TryAddSingleton<OrleansDashboardMarker>();
        return client;
    }
}

/// <summary>Says that Orleans' dashboard was added, so it is mapped and linked; its services are Orleans' own and internal.</summary>
internal sealed class OrleansDashboardMarker
{
    /// <summary>The route Orleans' dashboard is mapped at, under the dashboard's path base.</summary>
    public const string Route = "/orleans";

    /// <summary>The link to it from a dashboard page (relative to the base href, with the slash its relative asset paths need).</summary>
    public const string RelativePath = "orleans/";
}
