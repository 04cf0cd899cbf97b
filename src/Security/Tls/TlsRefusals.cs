namespace BigDL.Security.Tls;

/// <summary>
/// The certificate refusals a client's TLS connections saw, for <see cref="RefusedConnectionRetryFilter"/>: when a gateway
/// refuses the client's certificate and hangs up, Orleans may report the hang-up ("Underlying connection closed") before the
/// TLS layer has read the gateway's alert, so the refusal cannot travel in the exception alone.
/// </summary>
internal sealed class TlsRefusals
{
    readonly Lock gate = new();
    readonly HashSet<Task> undecided = [];
    TlsRefusedException? latest;

    /// <summary>Tracks a connection attempt from before its TLS handshake until <paramref name="decided"/> completes.</summary>
    public void Track(Task decided)
    {
        ArgumentNullException.ThrowIfNull(decided);
        lock (gate)
        {
            undecided.Add(decided);
        }

        decided.ContinueWith(
            t =>
            {
                lock (gate)
                {
                    undecided.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Records a refusal; the next <see cref="TakeAsync"/> returns it.</summary>
    public void Record(TlsRefusedException refusal) => Interlocked.Exchange(ref latest, refusal);

    /// <summary>Waits until every attempt under way is decided, then returns the latest refusal not yet taken, if any.</summary>
    public async Task<TlsRefusedException?> TakeAsync()
    {
        Task[] pending;
        lock (gate)
        {
            pending = [.. undecided];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        return Interlocked.Exchange(ref latest, null);
    }
}
