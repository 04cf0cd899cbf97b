namespace BigDL.Orleans.Reminders;

/// <summary>Implemented by grains that register durable reminders; each tick calls <see cref="ReceiveReminder"/>.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Handles one tick of the reminder named <paramref name="reminderName"/>.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>When a reminder tick was due: its first tick, its period and this tick's time (UTC).</summary>
public readonly record struct TickStatus(DateTime FirstTickTime, TimeSpan Period, DateTime CurrentTickTime);

/// <summary>A registered reminder, as returned to the grain that registered it.</summary>
public interface IGrainReminder
{
    /// <summary>Gets the reminder's name.</summary>
    string ReminderName { get; }
}

/// <summary>The plain <see cref="IGrainReminder"/>.</summary>
internal sealed record GrainReminder(string ReminderName, string ETag) : IGrainReminder;
