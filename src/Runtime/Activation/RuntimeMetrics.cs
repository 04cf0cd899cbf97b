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
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, MethodCounter> methods = new(StringComparer.Ordinal);

    public RuntimeMetrics(Catalog catalog)
    {
        meter = new Meter(MeterName);
        Calls = meter.CreateCounter<long>("bigdl.runtime.calls", "{call}", "Grain calls completed, by method and outcome.");
        CallDuration = meter.CreateHistogram<double>("bigdl.runtime.call.duration", "ms", "Time from a call's start on its activation to its completion, by method.");
        meter.CreateObservableGauge("bigdl.runtime.activations", () => (long)catalog.Count, "{activation}", "Activations on this silo, observers included.");
    }

    public Counter<long> Calls { get; }

    public Histogram<double> CallDuration { get; }

    /// <summary>Records one finished call in the per-method totals, and in the instruments when anyone listens.</summary>
    public void RecordCall(string method, long startTimestamp, bool failed)
    {
        var milliseconds = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        var counter = methods.TryGetValue(method, out var known) ? known : methods.GetOrAdd(method, static _ => new MethodCounter());
        counter.Add(milliseconds, failed);
        if (!Calls.Enabled && !CallDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "method", method }, { "outcome", failed ? "error" : "ok" } };
        Calls.Add(1, tags);
        CallDuration.Record(milliseconds, tags);
    }

    /// <summary>Returns the totals of each method since the silo started.</summary>
    public IReadOnlyList<Management.MethodStatistics> MethodTotals(string silo) =>
        [.. methods.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value.Read(silo, m.Key))];

    /// <summary>Calls, errors and time of one method, updated without locks.</summary>
    sealed class MethodCounter
    {
        long calls;
        long errors;
        long totalMicroseconds;
        long maxMicroseconds;

        public void Add(double milliseconds, bool failed)
        {
            var micros = (long)(milliseconds * 1000);
            Interlocked.Increment(ref calls);
            if (failed)
            {
                Interlocked.Increment(ref errors);
            }

            Interlocked.Add(ref totalMicroseconds, micros);
            var max = Volatile.Read(ref maxMicroseconds);
            while (micros > max)
            {
                var seen = Interlocked.CompareExchange(ref maxMicroseconds, micros, max);
                if (seen == max)
                {
                    break;
                }

                max = seen;
            }
        }

        public Management.MethodStatistics Read(string silo, string method) => new(
            silo, method, Volatile.Read(ref calls), Volatile.Read(ref errors), Volatile.Read(ref totalMicroseconds) / 1000.0, Volatile.Read(ref maxMicroseconds) / 1000.0);
    }

    public void Dispose() => meter.Dispose();
}
