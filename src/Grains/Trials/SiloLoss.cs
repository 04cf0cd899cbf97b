using Orleans.Runtime.Messaging;

namespace BigDL.Grains;

/// <summary>Tells a call lost to a dead silo (the callee re-activates elsewhere when called again) from any other failure.</summary>
internal static class SiloLoss
{
    static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// True when <paramref name="e"/> or an exception inside it says the callee's silo could not be reached: it is dead
    /// (<see cref="SiloUnavailableException"/>), Orleans could not connect to it (<see cref="ConnectionFailedException"/>),
    /// or Orleans rejected the message on the way (<see cref="OrleansMessageRejectionException"/>: "Exception while sending
    /// message" when the connection to a silo that has just died fails, before membership declares it dead), or the call
    /// was cancelled inside Orleans (<see cref="OperationCanceledException"/>: the distributed grain directory cancels a
    /// lookup whose owning silo leaves the cluster mid-call, and gives up after ten such tries while the view settles).
    /// Callers check their own cancellation before asking this, as every caller here does.
    /// </summary>
    public static bool Is(Exception e) =>
        e is OrleansMessageRejectionException or ConnectionFailedException or OperationCanceledException || (e.InnerException is { } inner && Is(inner));

    /// <summary>
    /// Makes <paramref name="call"/>, making it again with a growing delay (up to 2 s) while it fails for a dead silo,
    /// for up to <paramref name="window"/>: calling a grain again re-activates it on a live silo once the dead one is
    /// declared so. With <paramref name="retryTimeouts"/> (for idempotent calls) a call that timed out is made again too,
    /// since a busy or moving grain may answer the next one. Other failures, and any past the window, are thrown.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeSpan window, CancellationToken cancellationToken, bool retryTimeouts = false)
    {
        var deadline = DateTime.UtcNow + window;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await call().WaitAsync(cancellationToken);
            }
            catch (Exception e) when ((Is(e) || (retryTimeouts && e is TimeoutException)) && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken);
                delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
            }
        }
    }
}
