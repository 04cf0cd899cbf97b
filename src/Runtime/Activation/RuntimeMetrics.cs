using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BigDL.Orleans.Runtime;

/// <summary>The runtime's instruments, in the <c>BigDL.Orleans.Runtime</c> meter: calls, their duration per method, activations.</summary>
/// <remarks>
/// Instruments cost a branch when nobody listens (<see cref="Instrument.Enabled"/>), so the call path checks that first
/// and only then builds tags; a dashboard or dotnet-counters turns them on.
/// </remarks>
internal sealed class RuntimeMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to (dotnet-counters, OpenTelemetry, a MeterListener).</summary>
    public const string MeterName = "BigDL.Orleans.Runtime";

    readonly Meter meter;

    public RuntimeMetrics(Catalog catalog)
    {
        meter = new Meter(MeterName);
        Calls = meter.CreateCounter<long>("bigdl.runtime.calls", "{call}", "Grain calls completed, by method and outcome.");
        CallDuration = meter.CreateHistogram<double>("bigdl.runtime.call.duration", "ms", "Time from a call's start on its activation to its completion, by method.");
        meter.CreateObservableGauge("bigdl.runtime.activations", () => (long)catalog.Count, "{activation}", "Activations on this silo, observers included.");
    }

    public Counter<long> Calls { get; }

    public Histogram<double> CallDuration { get; }

    /// <summary>Records one finished call when anyone listens.</summary>
    public void RecordCall(string method, long startTimestamp, bool failed)
    {
        if (!Calls.Enabled && !CallDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "method", method }, { "outcome", failed ? "error" : "ok" } };
        Calls.Add(1, tags);
        CallDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, tags);
    }

    public void Dispose() => meter.Dispose();
}
