using BigDL.Grains;
using Microsoft.Extensions.Logging;

namespace BigDL.Dashboard.Live;

/// <summary>
/// The dashboard's one <see cref="IExperimentObserver"/>: subscribes to an experiment while a live view watches it and
/// wakes those views on each trial change, so they re-render at once instead of at the next refresh.
/// </summary>
/// <remarks>
/// Experiments forget observers that do not renew within a few minutes (<c>ObserverManager</c>), so each watched
/// experiment is subscribed again every <see cref="RenewPeriod"/>, well inside that window.
/// </remarks>
internal sealed partial class ExperimentChanges(IClusterClient client, ILogger<ExperimentChanges> logger) : IExperimentObserver, IDisposable
{
    static readonly TimeSpan RenewPeriod = TimeSpan.FromMinutes(1);

    readonly Lock gate = new();
    readonly Dictionary<string, Watched> watched = new(StringComparer.Ordinal);
    IExperimentObserver? reference;

    /// <summary>Starts watching <paramref name="experiment"/>; dispose the result to stop.</summary>
    public async Task<Watch> WatchAsync(string experiment)
    {
        Watched entry;
        bool first;
        lock (gate)
        {
            first = !watched.TryGetValue(experiment, out entry!);
            if (first)
            {
                entry = new Watched(experiment);
                watched[experiment] = entry;
            }

            entry.Count++;
        }

        if (first)
        {
            entry.Renewal = RenewAsync(entry);
        }

        await entry.Subscribed.Task.ConfigureAwait(false);
        return new Watch(this, entry);
    }

    /// <inheritdoc/>
    public Task OnTrialChanged(string experiment, TrialInfo trial)
    {
        lock (gate)
        {
            if (watched.TryGetValue(experiment, out var entry))
            {
                entry.Signal();
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var entry in watched.Values)
            {
                entry.Stop.Cancel();
            }

            watched.Clear();
        }
    }

    void Release(Watched entry)
    {
        lock (gate)
        {
            if (--entry.Count > 0 || !watched.Remove(entry.Experiment))
            {
                return;
            }
        }

        entry.Stop.Cancel();
    }

    async Task RenewAsync(Watched entry)
    {
        var grain = client.GetGrain<IExperimentGrain>(entry.Experiment);
        try
        {
            while (!entry.Stop.IsCancellationRequested)
            {
                try
                {
                    await grain.Subscribe(Reference()).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The view still refreshes on its timer; pushes resume at the next successful renewal.
                    LogSubscribeFailed(logger, e, entry.Experiment);
                }

                entry.Subscribed.TrySetResult();
                await Task.Delay(RenewPeriod, entry.Stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            entry.Subscribed.TrySetResult();
        }

        try
        {
            await grain.Unsubscribe(Reference()).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The experiment drops an observer that stops renewing anyway.
            LogUnsubscribeFailed(logger, e, entry.Experiment);
        }
    }

    IExperimentObserver Reference()
    {
        lock (gate)
        {
            return reference ??= client.CreateObjectReference<IExperimentObserver>(this);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Could not subscribe to experiment {Experiment}; its view refreshes on its timer")]
    static partial void LogSubscribeFailed(ILogger logger, Exception exception, string experiment);

    [LoggerMessage(2, LogLevel.Debug, "Could not unsubscribe from experiment {Experiment}")]
    static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string experiment);

    /// <summary>One watched experiment: how many views watch it and the signal they wait on.</summary>
    internal sealed class Watched(string experiment)
    {
        TaskCompletionSource changed = NewSignal();

        public string Experiment { get; } = experiment;

        public int Count { get; set; }

        public Task? Renewal { get; set; }

        public CancellationTokenSource Stop { get; } = new();

        public TaskCompletionSource Subscribed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes at the next trial change after the call.</summary>
        public Task Changed => Volatile.Read(ref changed).Task;

        public void Signal() => Interlocked.Exchange(ref changed, NewSignal()).TrySetResult();

        static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A view's watch on an experiment; disposing it unsubscribes when no other view watches.</summary>
    internal sealed class Watch(ExperimentChanges owner, Watched entry) : IDisposable
    {
        int disposed;

        /// <summary>Completes at the next trial change after the call.</summary>
        public Task Changed => entry.Changed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Release(entry);
            }
        }
    }
}
