using System.Diagnostics;
using Orleans.Placement;

namespace BigDL.Bench.Cluster;

/// <summary>The grains the cluster bench calls: a ping target, and a driver that loads targets on another silo.</summary>
public interface IBenchPingGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);

    Task<string> WhereAmI();

    /// <summary>Returns <paramref name="data"/>: a payload's round trip. Immutable, so Orleans neither copies it in-process nor encodes it element by element.</summary>
    Task<Immutable<float[]>> Echo(Immutable<float[]> data);
}

/// <summary>A ping target; hash placement spreads keys over the silos.</summary>
[HashBasedPlacement]
public sealed class BenchPingGrain : Grain, IBenchPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value);

    public Task<string> WhereAmI() => Task.FromResult(RuntimeIdentity);

    public Task<Immutable<float[]>> Echo(Immutable<float[]> data) => Task.FromResult(data);
}

/// <summary>Runs load from the silo it lives on against ping grains on another silo, and reports what it measured.</summary>
public interface IBenchDriverGrain : IGrainWithStringKey
{
    Task<string> WhereAmI();

    /// <summary>Finds ping grain keys that live on another silo than this one.</summary>
    Task<string[]> RemoteTargets(int count);

    /// <summary><paramref name="callers"/> concurrent loops ping the targets for <paramref name="seconds"/>; returns calls and per-call latencies (µs) of the first loop.</summary>
    [AlwaysInterleave]
    Task<(long Calls, double[] LatenciesUs)> PingLoad(string[] targets, int callers, double seconds);
}

/// <summary>The load driver; prefer-local placement keeps it on the gateway silo the bench calls.</summary>
[PreferLocalPlacement]
public sealed class BenchDriverGrain : Grain, IBenchDriverGrain
{
    public Task<string> WhereAmI() => Task.FromResult(RuntimeIdentity);

    public async Task<string[]> RemoteTargets(int count)
    {
        var found = new List<string>();
        for (var i = 0; found.Count < count && i < 10_000; i++)
        {
            var key = $"target-{i}";
            if (await GrainFactory.GetGrain<IBenchPingGrain>(key).WhereAmI() != RuntimeIdentity)
            {
                found.Add(key);
            }
        }

        return [.. found];
    }

    public async Task<(long Calls, double[] LatenciesUs)> PingLoad(string[] targets, int callers, double seconds)
    {
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var latencies = new List<double>();
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
        {
            var grain = GrainFactory.GetGrain<IBenchPingGrain>(targets[c % targets.Length]);
            long calls = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                await grain.Ping(c);
                if (c == 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }

                calls++;
            }

            return calls;
        }));
        return (counts.Sum(), [.. latencies]);
    }
}
