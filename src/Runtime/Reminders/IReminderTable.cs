namespace BigDL.Orleans.Reminders;

/// <summary>Durable storage of reminders; rows are keyed by grain id and reminder name and guarded by ETags.</summary>
public interface IReminderTable
{
    /// <summary>Creates the table if needed and checks that it can be reached.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every reminder of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId);

    /// <summary>Reads the reminders whose grain hash lies in <c>(begin, end]</c>, wrapping when begin ≥ end; (0, uint.MaxValue] and begin == end mean all.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint begin, uint end);

    /// <summary>Reads one reminder, or null.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName);

    /// <summary>Inserts or replaces a reminder and returns its new ETag.</summary>
    Task<string> UpsertRowAsync(ReminderEntry entry);

    /// <summary>Removes a reminder if its ETag matches; returns false when it was absent or changed.</summary>
    Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag);
}
