using System.Collections.Immutable;
using BigDL.Orleans.Management;

namespace BigDL.Orleans.Dashboard.Data;

/// <summary>
/// Turns the management grain's call counters (totals since each silo started) into calls per second: it remembers the
/// samples of the last few seconds and divides the growth since the oldest of them by the time between.
/// </summary>
internal sealed class CallRates(TimeProvider time)
{
    static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(500);

    readonly Lock gate = new();
    readonly Queue<(DateTimeOffset At, Dictionary<(string, string), long> Calls)> samples = new();

    public CallRates()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Records a sample and returns each method's calls per second over the window, or no entry when there is no older sample yet.</summary>
    public IReadOnlyDictionary<(string Silo, string Method), double> Observe(ImmutableArray<MethodStatistics> statistics)
    {
        var now = time.GetUtcNow();
        var calls = statistics.GroupBy(s => (s.Silo, s.Method)).ToDictionary(g => g.Key, g => g.Sum(s => s.Calls));
        lock (gate)
        {
            while (samples.Count > 0 && now - samples.Peek().At > Window)
            {
                samples.Dequeue();
            }

            var rates = new Dictionary<(string, string), double>();
            if (samples.Count > 0 && now - samples.Peek().At >= Shortest)
            {
                var (at, before) = samples.Peek();
                var seconds = (now - at).TotalSeconds;
                foreach (var (key, count) in calls)
                {
                    // A counter that went down belongs to a restarted silo: its calls since the restart are all new.
                    var previous = before.GetValueOrDefault(key);
                    rates[key] = (count >= previous ? count - previous : count) / seconds;
                }
            }

            samples.Enqueue((now, calls));
            return rates;
        }
    }
}
