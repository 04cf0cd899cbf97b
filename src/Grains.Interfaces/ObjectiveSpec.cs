
namespace BigDL.Grains;

/// <summary>Whether an objective is maximized or minimized (Optuna's StudyDirection).</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.ObjectiveDirection")]
public enum ObjectiveDirection
{
    /// <summary>Higher is better.</summary>
    Maximize,

    /// <summary>Lower is better.</summary>
    Minimize,
}

/// <summary>One objective of an experiment: a metric the trial measures and the direction to push it.</summary>
/// <param name="Metric">
/// <c>val_accuracy</c>, <c>val_loss</c>, <c>latency_ms</c> (milliseconds to predict one batch of 64 validation rows,
/// median of several runs) or <c>parameters</c> (the model's parameter count).
/// </param>
/// <param name="Direction">Maximize or minimize.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ObjectiveSpec")]
public sealed record ObjectiveSpec([Id(0)] string Metric, [Id(1)] ObjectiveDirection Direction)
{
    /// <summary>The metrics trials measure, each with its natural direction.</summary>
    public static IReadOnlyDictionary<string, ObjectiveDirection> KnownMetrics { get; } = new Dictionary<string, ObjectiveDirection>(StringComparer.Ordinal)
    {
        ["val_accuracy"] = ObjectiveDirection.Maximize,
        ["val_loss"] = ObjectiveDirection.Minimize,
        ["latency_ms"] = ObjectiveDirection.Minimize,
        ["parameters"] = ObjectiveDirection.Minimize,
    };

    /// <summary>An objective in its metric's natural direction (minimize for an unknown metric).</summary>
    public static ObjectiveSpec For(string metric) =>
        new(metric, KnownMetrics.TryGetValue(metric, out var direction) ? direction : ObjectiveDirection.Minimize);
}
