using System.Collections.Concurrent;
using BigDL.Orleans.Transport;

namespace BigDL.Orleans.Cluster;

/// <summary>The cancellation sources of calls running here for callers elsewhere, so a caller's Cancel message reaches its call.</summary>
internal sealed class InboundCancellations
{
    readonly ConcurrentDictionary<(long Connection, long Correlation), CancellationTokenSource> running = new();

    /// <summary>Gets how many calls can be cancelled now (for tests).</summary>
    public int Count => running.Count;

    /// <summary>Returns the token for the call <paramref name="correlationId"/> from <paramref name="connection"/>; dispose the registration when the call ends.</summary>
    public CancellationToken Register(Connection connection, long correlationId, out IDisposable registration)
    {
        var source = new CancellationTokenSource();
        var key = (connection.Id, correlationId);
        running[key] = source;
        registration = new Release(this, key, source);
        return source.Token;
    }

    /// <summary>Cancels the call <paramref name="correlationId"/> from <paramref name="connection"/>, if it still runs.</summary>
    public void Cancel(Connection connection, long correlationId)
    {
        if (running.TryGetValue((connection.Id, correlationId), out var source))
        {
            try
            {
                source.Cancel();
            }
            catch (AggregateException)
            {
                // A grain's own cancellation callback threw; the grain's call reports its own outcome.
            }
        }
    }

    // The source is not disposed: it holds no timer, and the grain may keep its token after the call ended.
    sealed class Release(InboundCancellations owner, (long, long) key, CancellationTokenSource source) : IDisposable
    {
        public void Dispose() => owner.running.TryRemove(KeyValuePair.Create(key, source));
    }
}
