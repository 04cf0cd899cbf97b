namespace BigDL.Orleans.Storage;

/// <summary>Runs a provider's schema setup once, on the host's call or on first use, whichever comes first; retries after a failure.</summary>
internal sealed class StorageSchemaGate(Func<CancellationToken, Task> initialize)
{
    readonly Lock gate = new();
    Task? done;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (done is null || done.IsFaulted || done.IsCanceled)
            {
                // Started on the thread pool so that no I/O runs while the lock is held.
                done = Task.Run(() => initialize(cancellationToken), CancellationToken.None);
            }

            return done;
        }
    }
}
