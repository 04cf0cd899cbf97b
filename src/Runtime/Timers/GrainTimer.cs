using BigDL.Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Timers;

/// <summary>A grain timer: each tick is queued as a turn of its activation, and the next tick is armed only after it ends.</summary>
internal sealed class GrainTimer : IGrainTimer, IActivationWork
{
    readonly ActivationData activation;
    readonly Func<CancellationToken, Task> callback;
    readonly GrainTimerCreationOptions options;
    readonly CancellationTokenSource stopping = new();
    readonly Timer timer;
    readonly Lock gate = new();
    TimeSpan period;
    TimeSpan? dueAfterTick;
    bool queuedOrRunning;
    bool disposed;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DueTime, TimeSpan.Zero, nameof(options.DueTime));
        this.activation = activation;
        this.callback = callback;
        this.options = options;
        period = options.Period;
        OutgoingChain = new CallChain(activation, null);

        // The timer must not capture the registering turn's execution context (its request context would leak into ticks).
        using (ExecutionContext.SuppressFlow())
        {
            timer = new Timer(static s => ((GrainTimer)s!).OnDue(), this, options.DueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public bool Interleaves => options.Interleave;

    public CallChain? Chain => null;

    public bool IsAbandoned => disposed;

    public bool KeepsAlive => options.KeepAlive;

    public ActivationData? Activation => activation;

    public CallChain OutgoingChain { get; }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            this.period = period;
            if (queuedOrRunning)
            {
                dueAfterTick = dueTime; // applied when the current tick ends, so ticks still never overlap
            }
            else
            {
                timer.Change(dueTime, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            timer.Dispose();
        }

        stopping.Cancel();
        activation.RemoveTimer(this);
    }

    public void Start(ActivationData target) => _ = RunAsync();

    public void Reject(Exception exception) => activation.Runtime.Log.TimerTickFailed(exception, activation.GrainId);

    public bool CheckTimeout(long nowMilliseconds) => false;

    void OnDue()
    {
        lock (gate)
        {
            if (disposed || queuedOrRunning)
            {
                return;
            }

            queuedOrRunning = true;
        }

        if (!activation.Enqueue(this))
        {
            Dispose(); // the activation is gone; its timers die with it
        }
    }

    async Task RunAsync()
    {
        RequestContext.Current = this;
        try
        {
            await callback(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            activation.Runtime.Log.TimerTickFailed(e, activation.GrainId);
        }
        finally
        {
            activation.OnWorkCompleted(this);
            ArmNext();
        }
    }

    void ArmNext()
    {
        lock (gate)
        {
            queuedOrRunning = false;
            if (disposed)
            {
                return;
            }

            var next = dueAfterTick ?? period;
            dueAfterTick = null;
            if (next != Timeout.InfiniteTimeSpan)
            {
                timer.Change(next, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
