namespace BigDL.Grains;

/// <summary>Following a job epoch by epoch (a long poll) and stopping it early.</summary>
/// <remarks>
/// A trial that trains data-parallel follows its job this way: it reports each epoch's validation metric to its pruner
/// while the job goes on, and stops the job when the pruner says so.
/// </remarks>
public sealed partial class TrainingJobGrain : IDisposable
{
    /// <summary>The longest a single <see cref="WaitForEpochs"/> call waits, well inside a grain call's response timeout.</summary>
    static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    readonly CancellationTokenSource stopRequested = new();
    TaskCompletionSource progressed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    TaskCompletionSource? loopEnded;
    string? stopReason;

    /// <inheritdoc/>
    public void Dispose() => stopRequested.Dispose();

    /// <inheritdoc/>
    public async Task<TrainingJobProgress> WaitForEpochs(int knownEpochs, TimeSpan timeout)
    {
        var wait = timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout > MaxWait ? MaxWait : timeout;
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var r = record.State;
            var remaining = deadline - DateTime.UtcNow;
            if (r.State != TrainingJobState.Running || r.Epochs.Any(e => e.Epoch > knownEpochs) || remaining <= TimeSpan.Zero)
            {
                return new TrainingJobProgress(r.State, r.Message, [.. r.Epochs.OrderBy(e => e.Epoch)]);
            }

            var signal = progressed.Task;
            await Task.WhenAny(signal, Task.Delay(remaining));
        }
    }

    /// <inheritdoc/>
    public async Task Stop(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var r = record.State;
        if (r.Spec is null)
        {
            if (r.State == TrainingJobState.None)
            {
                // Stopped before it started (e.g. the attempt that would have started it is lost): it must never start.
                r.State = TrainingJobState.Stopped;
                r.Message = $"stopped before it started: {reason}";
                await record.WriteStateAsync();
                SignalProgress();
            }

            DeactivateOnIdle();
            return;
        }

        if (r.State != TrainingJobState.Running)
        {
            return;
        }

        stopReason = reason;
        stopRequested.Cancel();
        if (loopEnded is { } ended)
        {
            await ended.Task; // the loop ends at its next step boundary and records the stop
        }

        if (record.State.State == TrainingJobState.Running)
        {
            // No loop ran here (or it ended for the silo's shutdown): record the stop ourselves.
            await MarkStoppedAsync();
            SignalProgress();
            await StopReminderAsync();
        }
    }

    async Task MarkStoppedAsync()
    {
        var r = record.State;
        r.State = TrainingJobState.Stopped;
        r.Message = $"stopped at step {r.Step} of {TrainingSetup.TotalSteps(r.Spec!)}: {stopReason}";
        await record.WriteStateAsync();
    }

    void SignalProgress()
    {
        var old = progressed;
        progressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }
}
