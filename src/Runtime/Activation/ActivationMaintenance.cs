using BigDL.Orleans.Hosting;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Runtime;

/// <summary>The silo's housekeeping loop: times out callers whose grains did not answer, and collects idle activations.</summary>
/// <remarks>
/// Deadlines are checked by sweeping activations rather than by a timer per call: a call then costs no timer
/// allocation, and a response can only be late by one sweep period.
/// </remarks>
internal sealed class ActivationMaintenance(GrainRuntime runtime, IOptions<SiloOptions> options) : IAsyncDisposable
{
    readonly CancellationTokenSource stopping = new();
    Task? loop;
    int disposed;

    /// <summary>Gets how often deadlines are checked: an eighth of the response timeout, between 10 ms and 1 s.</summary>
    public TimeSpan SweepPeriod { get; } = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.ResponseTimeout.TotalMilliseconds / 8, 10, 1000));

    public void Start() => loop ??= RunAsync(stopping.Token);

    /// <summary>Stops the loop; safe to call twice (the silo stops it, then the container disposes it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    async Task RunAsync(CancellationToken cancellationToken)
    {
        var collectionPeriodMs = (long)options.Value.CollectionQuantum.TotalMilliseconds;
        var defaultAgeMs = (long)options.Value.CollectionAge.TotalMilliseconds;
        var nextCollection = Environment.TickCount64 + collectionPeriodMs;
        using var timer = new PeriodicTimer(SweepPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                var activations = runtime.Catalog.Snapshot();
                foreach (var activation in activations)
                {
                    activation.CheckTimeouts(now);
                }

                if (now >= nextCollection)
                {
                    nextCollection = now + collectionPeriodMs;
                    var collected = 0;
                    foreach (var activation in activations)
                    {
                        var age = activation.ClassInfo?.CollectionAge is { } classAge ? (long)classAge.TotalMilliseconds : defaultAgeMs;
                        collected += activation.CollectIfIdle(now, age) ? 1 : 0;
                    }

                    if (collected > 0)
                    {
                        runtime.Log.Collected(collected);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
