using System.Collections.Concurrent;
using BigDL.Orleans.Runtime;

namespace BigDL.Orleans.Transport;

/// <summary>The requests sent on one connection that wait for a response, by correlation id; fails them all when the connection closes.</summary>
internal sealed class PendingRequests
{
    readonly ConcurrentDictionary<long, TaskCompletionSource<Message>> waiting = new();
    long lastId;
    Exception? failure;

    /// <summary>Gets how many requests wait for a response.</summary>
    public int Count => waiting.Count;

    /// <summary>Reserves a fresh correlation id and the task its response completes.</summary>
    /// <remarks>After <see cref="FailAll"/>, the returned task has already failed with the same exception.</remarks>
    public (long CorrelationId, Task<Message> Response) Register()
    {
        var id = Interlocked.Increment(ref lastId);
        var response = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[id] = response;

        // Checked after adding: a FailAll that ran before the add is seen here, one that runs after sees the entry.
        if (Volatile.Read(ref failure) is { } error && waiting.TryRemove(id, out _))
        {
            response.TrySetException(error);
        }

        return (id, response.Task);
    }

    /// <summary>Sends the request built for a fresh correlation id on <paramref name="connection"/> and returns its response.</summary>
    /// <exception cref="SiloUnavailableException">The connection closed before the request was sent or answered.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    public async Task<Message> SendAsync(Connection connection, string peer, Func<long, Message> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        var (id, response) = Register();
        using var cancel = cancellationToken.Register(() => TryFail(id, new OperationCanceledException(cancellationToken)));
        if (!connection.TrySend(request(id)))
        {
            TryFail(id, new SiloUnavailableException($"The connection to {peer} closed before the request was sent."));
        }

        return await response;
    }

    /// <summary>Completes the request that <paramref name="response"/> answers; false when none waits (late, cancelled or forged).</summary>
    public bool TryComplete(Message response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return waiting.TryRemove(response.CorrelationId, out var request) && request.TrySetResult(response);
    }

    /// <summary>Fails one request (timeout, caller cancelled) so a late response is ignored.</summary>
    public bool TryFail(long correlationId, Exception error) =>
        waiting.TryRemove(correlationId, out var request) && request.TrySetException(error);

    /// <summary>Fails every waiting request, and every later <see cref="Register"/>, with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        Interlocked.CompareExchange(ref failure, error, null);
        foreach (var id in waiting.Keys)
        {
            if (waiting.TryRemove(id, out var request))
            {
                request.TrySetException(error);
            }
        }
    }
}
