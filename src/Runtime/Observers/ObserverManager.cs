using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Utilities;

/// <summary>Keeps a grain's subscribers: adds and refreshes them, expires the silent ones, and drops those that fail.</summary>
/// <remarks>
/// Observers live in clients that may vanish without unsubscribing, so a subscription expires unless it is renewed
/// within <see cref="ExpirationDuration"/> (clients re-subscribe periodically), and an observer whose call fails is
/// removed at once. Use it from grain code only: like the grain's other fields it relies on turn-based execution.
/// </remarks>
public sealed partial class ObserverManager<TObserver>(TimeSpan expirationDuration, ILogger logger)
    where TObserver : IGrainObserver
{
    readonly Dictionary<TObserver, DateTime> observers = [];

    /// <summary>Gets or sets how long a subscription lasts without renewal.</summary>
    public TimeSpan ExpirationDuration { get; set; } = expirationDuration;

    /// <summary>Gets the number of current subscribers.</summary>
    public int Count => observers.Count;

    /// <summary>Gets the current subscribers.</summary>
    public IReadOnlyCollection<TObserver> Observers => observers.Keys;

    /// <summary>Adds <paramref name="observer"/>, or renews its subscription.</summary>
    public void Subscribe(TObserver observer) => observers[observer] = DateTime.UtcNow;

    /// <summary>Removes <paramref name="observer"/>.</summary>
    public void Unsubscribe(TObserver observer) => observers.Remove(observer);

    /// <summary>Removes every subscriber.</summary>
    public void Clear() => observers.Clear();

    /// <summary>Calls <paramref name="notification"/> on every live subscriber; expired or failing subscribers are removed.</summary>
    public async Task Notify(Func<TObserver, Task> notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var now = DateTime.UtcNow;
        var failed = new List<TObserver>();
        foreach (var (observer, since) in observers.ToList())
        {
            if (now - since > ExpirationDuration)
            {
                failed.Add(observer);
                continue;
            }

            try
            {
                await notification(observer);
            }
            catch (Exception e)
            {
                LogObserverRemoved(logger, e, observer.ToString() ?? "");
                failed.Add(observer);
            }
        }

        foreach (var observer in failed)
        {
            observers.Remove(observer);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Removed observer {Observer} after a failed notification")]
    static partial void LogObserverRemoved(ILogger logger, Exception exception, string observer);
}
