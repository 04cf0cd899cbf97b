namespace BigDL.Storage.Sql;

/// <summary>Runs schema setup once, on the host's call or on first use, whichever comes first; a failed run is retried on the next call.</summary>
internal sealed class SchemaGate(Func<CancellationToken, Task> initialize)
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
