using System.Diagnostics.Metrics;

namespace BigDL.Dashboard;

/// <summary>The dashboard's own instruments, in the <c>BigDL.Dashboard</c> meter: what its live views cost the host.</summary>
internal sealed class DashboardMetrics
{
    /// <summary>The meter's name; <see cref="MetricsServiceCollectionExtensions.ServiceMeters"/> includes it.</summary>
    public const string MeterName = "BigDL.Dashboard";

    readonly Counter<long> updates;

    public DashboardMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        updates = meter.CreateCounter<long>("bigdl.dashboard.live.updates", "{update}", "Live view updates sent to browsers, by view.");
    }

    /// <summary>Counts one update of live view <paramref name="view"/> written to a browser.</summary>
    public void Updated(string view) => updates.Add(1, new KeyValuePair<string, object?>("view", view));
}
