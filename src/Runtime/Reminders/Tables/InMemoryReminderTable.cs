using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Reminders;

/// <summary>A reminder table in process memory, for tests and single-process demos: reminders do not survive the process.</summary>
public sealed class InMemoryReminderTable : IReminderTable, IStorageInitializer
{
    readonly Lock gate = new();
    readonly Dictionary<(GrainId GrainId, string Name), ReminderEntry> rows = [];

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(rows.Values.Where(r => r.GrainId == grainId).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint begin, uint end)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(
                rows.Values.Where(r => ReminderRows.InRange(r.GrainId.GetUniformHashCode(), begin, end)).ToList());
        }
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName)
    {
        lock (gate)
        {
            return Task.FromResult(rows.GetValueOrDefault((grainId, reminderName)));
        }
    }

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry)
    {
        ReminderRows.Validate(entry);
        var eTag = ETag.New();
        // The stored copy is what the SQL tables would hand back: UTC start, whole milliseconds.
        var stored = entry with
        {
            StartAt = ReminderRows.ToUtc(entry.StartAt),
            Period = TimeSpan.FromMilliseconds(ReminderRows.PeriodMilliseconds(entry)),
            ETag = eTag,
        };
        lock (gate)
        {
            rows[(entry.GrainId, entry.ReminderName)] = stored;
        }

        return Task.FromResult(eTag);
    }

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag)
    {
        lock (gate)
        {
            var key = (grainId, reminderName);
            return Task.FromResult(rows.TryGetValue(key, out var stored) && stored.ETag == eTag && rows.Remove(key));
        }
    }
}
