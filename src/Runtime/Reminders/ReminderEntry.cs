namespace BigDL.Orleans.Reminders;

/// <summary>One stored reminder: which grain, its name, when it first fires and how often after that.</summary>
public sealed record ReminderEntry
{
    /// <summary>Gets the grain the reminder calls.</summary>
    public required GrainId GrainId { get; init; }

    /// <summary>Gets the reminder's name, unique per grain.</summary>
    public required string ReminderName { get; init; }

    /// <summary>Gets the first time the reminder fires (UTC).</summary>
    public required DateTime StartAt { get; init; }

    /// <summary>Gets the interval between ticks.</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Gets the version of the stored row; null for a row not yet stored.</summary>
    public string? ETag { get; init; }
}
