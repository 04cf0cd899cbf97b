using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Runtime;

/// <summary>The runtime's log messages, defined once so their ids and levels stay stable.</summary>
internal sealed partial class RuntimeLog(ILogger logger)
{
    [LoggerMessage(1, LogLevel.Debug, "Activated {GrainId}")]
    public partial void Activated(GrainId grainId);

    [LoggerMessage(2, LogLevel.Warning, "Activation of {GrainId} failed; the waiting calls fail with the same exception")]
    public partial void ActivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(3, LogLevel.Debug, "Deactivated {GrainId} ({Reason})")]
    public partial void Deactivated(GrainId grainId, DeactivationReason reason);

    [LoggerMessage(4, LogLevel.Warning, "OnDeactivateAsync of {GrainId} failed; the activation is removed anyway")]
    public partial void DeactivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(5, LogLevel.Warning, "One-way call {Method} to {GrainId} failed")]
    public partial void OneWayCallFailed(Exception exception, string method, GrainId grainId);

    [LoggerMessage(6, LogLevel.Error, "An exception escaped a turn of {GrainId} (from 'async void' code?)")]
    public partial void UnhandledTurnException(Exception exception, GrainId grainId);

    [LoggerMessage(7, LogLevel.Warning, "A timer tick of {GrainId} failed")]
    public partial void TimerTickFailed(Exception exception, GrainId grainId);

    [LoggerMessage(8, LogLevel.Warning, "A cancellation callback of {Method} on {GrainId} threw")]
    public partial void CancellationCallbackFailed(Exception exception, string method, GrainId grainId);

    [LoggerMessage(9, LogLevel.Information, "Collected {Count} idle activations")]
    public partial void Collected(int count);

    [LoggerMessage(10, LogLevel.Information, "Deactivating {Count} activations for shutdown")]
    public partial void DeactivatingAll(int count);

    [LoggerMessage(11, LogLevel.Debug, "{GrainId} is already active on {Winner}; calls go there")]
    public partial void DuplicateActivation(GrainId grainId, string winner);
}
