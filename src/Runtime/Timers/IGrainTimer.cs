namespace BigDL.Orleans.Timers;

/// <summary>A timer registered by a grain; dispose it to stop the ticks.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the next tick runs and the period after it.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>How a grain timer ticks.</summary>
/// <param name="DueTime">When the first tick runs.</param>
/// <param name="Period">Time from the end of one tick to the start of the next; <see cref="Timeout.InfiniteTimeSpan"/> for a single tick.</param>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Gets whether a tick may run while a request of the grain awaits (false: ticks wait for their turn).</summary>
    public bool Interleave { get; init; }

    /// <summary>Gets whether ticks count as activity that keeps the grain from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
