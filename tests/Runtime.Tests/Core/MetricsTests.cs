using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BigDL.Orleans.Runtime.Tests.Grains;

namespace BigDL.Orleans.Runtime.Tests.Core;

public sealed class MetricsTests
{
    [Fact]
    public async Task Calls_are_counted_per_method_and_outcome_when_a_listener_subscribes()
    {
        var measurements = new ConcurrentBag<(string Instrument, string Method, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuntimeMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measurements.Add((instrument.Name, Tag(tags, "method"), Tag(tags, "outcome"))));
        listener.Start();
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<IBehaviourGrain>(Guid.NewGuid().ToString("N"));

        await grain.Echo(1);
        await grain.Echo(2);
        await Assert.ThrowsAsync<ArgumentException>(() => grain.Throw("x"));

        Assert.Equal(2, measurements.Count(m => m is ("bigdl.runtime.calls", "IBehaviourGrain.Echo", "ok")));
        Assert.Single(measurements, m => m is ("bigdl.runtime.calls", "IBehaviourGrain.Throw", "error"));
    }

    static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString() ?? "";
            }
        }

        return "";
    }
}
