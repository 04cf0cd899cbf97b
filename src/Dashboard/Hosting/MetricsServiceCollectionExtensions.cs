using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace BigDL.Dashboard;

/// <summary>
/// Exports metrics a cluster operator can scrape: Orleans' meter and the service's own meters, in the Prometheus text
/// format at <c>metrics</c> under the dashboard's path base, mapped by
/// <see cref="DashboardEndpointRouteBuilderExtensions.MapBigDLDashboard"/>.
/// </summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>The meter Orleans records its runtime instruments in (activations, messaging, grain calls, storage).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>The service's meters, by prefix: every meter whose name starts with <c>BigDL.</c>, now and added later.</summary>
    public const string ServiceMeters = "BigDL.*";

    /// <summary>
    /// Adds OpenTelemetry metrics for <see cref="OrleansMeter"/> and <see cref="ServiceMeters"/> with the Prometheus
    /// exporter; <paramref name="configure"/> may add meters, views or other exporters. A scrape sends the API key as the
    /// dashboard's pages take it, or as <c>Authorization: Bearer</c> (Prometheus' <c>authorization</c> setting).
    /// </summary>
    public static IServiceCollection AddBigDLMetrics(this IServiceCollection services, Action<MeterProviderBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(OrleansMeter, ServiceMeters).AddPrometheusExporter();
            configure?.Invoke(metrics);
        });
        services.TryAddSingleton<MetricsMarker>();
        return services;
    }
}

/// <summary>Says that <see cref="MetricsServiceCollectionExtensions.AddBigDLMetrics"/> ran, so the scrape endpoint is mapped.</summary>
internal sealed class MetricsMarker
{
    /// <summary>The scrape endpoint's route, under the dashboard's path base.</summary>
    public const string Route = "/metrics";
}
