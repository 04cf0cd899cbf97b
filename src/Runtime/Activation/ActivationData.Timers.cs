using BigDL.Orleans.Timers;

namespace BigDL.Orleans.Runtime;

/// <summary>The grain timers of an <see cref="ActivationData"/>.</summary>
internal sealed partial class ActivationData
{
    readonly List<GrainTimer> timers = [];

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        lock (gate)
        {
            if (state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"{this} is deactivating; timers cannot be registered now.");
            }

            var timer = new GrainTimer(this, callback, options);
            timers.Add(timer);
            return timer;
        }
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    void DisposeTimers()
    {
        List<GrainTimer> all;
        lock (gate)
        {
            all = [.. timers];
        }

        foreach (var timer in all)
        {
            timer.Dispose();
        }
    }
}
