using System.Collections.Concurrent;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Reminders;

/// <summary>Keeps the silo's reminders: stores them in the reminder table and ticks them on local timers.</summary>
/// <remarks>
/// The table is the truth: at start the service loads every row, so reminders registered before a restart keep
/// firing after it. A tick is a grain call to <see cref="IRemindable.ReceiveReminder"/>, which activates the grain if needed.
/// </remarks>
internal sealed partial class ReminderService(
    IReminderTable table, GrainRuntime runtime, IOptions<SiloOptions> options, ILogger<ReminderService> logger) : IAsyncDisposable
{
    readonly ConcurrentDictionary<(GrainId Grain, string Name), LocalReminder> local = new();
    volatile bool stopped;

    /// <summary>Loads every stored reminder and starts its timer.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var rows = await table.ReadRowsAsync(0u, 0u).ConfigureAwait(false); // begin == end: the whole ring
        foreach (var row in rows)
        {
            Schedule(row);
        }

        LogLoaded(rows.Count);
    }

    public ValueTask DisposeAsync()
    {
        stopped = true;
        foreach (var reminder in local.Values)
        {
            reminder.Dispose();
        }

        local.Clear();
        return ValueTask.CompletedTask;
    }

    public async Task<IGrainReminder> RegisterOrUpdateReminder(Grain grain, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        if (grain is not IRemindable)
        {
            throw new InvalidOperationException($"{grain.GetType().Name} registers reminder '{reminderName}' but does not implement IRemindable; implement ReceiveReminder to receive its ticks.");
        }

        var minimum = options.Value.MinimumReminderPeriod;
        if (period < minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period,
                $"Reminder '{reminderName}' has period {period}, below the minimum {minimum}. Use a grain timer for short periods, or lower {SiloOptions.SectionName}:{nameof(SiloOptions.MinimumReminderPeriod)}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        var entry = new ReminderEntry { GrainId = grain.GrainId, ReminderName = reminderName, StartAt = DateTime.UtcNow + dueTime, Period = period };
        var eTag = await table.UpsertRowAsync(entry);
        Schedule(entry with { ETag = eTag });
        return new GrainReminder(reminderName, eTag);
    }

    public async Task UnregisterReminder(GrainId grainId, IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        if (local.TryRemove((grainId, reminder.ReminderName), out var timer))
        {
            timer.Dispose();
        }

        var row = await table.ReadRowAsync(grainId, reminder.ReminderName);
        if (row?.ETag is { } eTag)
        {
            await table.RemoveRowAsync(grainId, reminder.ReminderName, eTag);
        }
    }

    public async Task<IGrainReminder?> GetReminder(GrainId grainId, string reminderName)
    {
        var row = await table.ReadRowAsync(grainId, reminderName);
        return row is null ? null : new GrainReminder(row.ReminderName, row.ETag ?? "");
    }

    public async Task<IReadOnlyList<IGrainReminder>> GetReminders(GrainId grainId)
    {
        var rows = await table.ReadRowsAsync(grainId);
        return [.. rows.Select(r => (IGrainReminder)new GrainReminder(r.ReminderName, r.ETag ?? ""))];
    }

    void Schedule(ReminderEntry entry)
    {
        if (stopped)
        {
            return;
        }

        var reminder = new LocalReminder(this, entry);
        local.AddOrUpdate((entry.GrainId, entry.ReminderName), reminder, (_, old) =>
        {
            old.Dispose();
            return reminder;
        });
        reminder.ArmNext();
    }

    async Task TickAsync(LocalReminder reminder, DateTime dueAt)
    {
        var entry = reminder.Entry;
        try
        {
            var grain = runtime.GrainFactory.GetGrain<IRemindable>(entry.GrainId);
            await grain.ReceiveReminder(entry.ReminderName, new TickStatus(entry.StartAt, entry.Period, dueAt)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogTickFailed(e, entry.ReminderName, entry.GrainId);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Loaded {Count} reminders from the reminder table")]
    partial void LogLoaded(int count);

    [LoggerMessage(2, LogLevel.Warning, "Reminder {ReminderName} of {GrainId} failed to tick; it ticks again next period")]
    partial void LogTickFailed(Exception exception, string reminderName, GrainId grainId);

    /// <summary>The local timer of one reminder; ticks are sequential: the next is armed after the previous call returns.</summary>
    sealed class LocalReminder(ReminderService service, ReminderEntry entry) : IDisposable
    {
        readonly Lock gate = new();
        Timer? timer;
        bool disposed;

        public ReminderEntry Entry { get; } = entry;

        /// <summary>Arms the timer for the first boundary after both now and <paramref name="lastDue"/>.</summary>
        public void ArmNext(DateTime? lastDue = null)
        {
            var now = DateTime.UtcNow;
            var due = NextDue(lastDue is { } last && last >= now ? last.AddTicks(1) : now);
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }

                timer?.Dispose();
                using (ExecutionContext.SuppressFlow())
                {
                    timer = new Timer(static s =>
                    {
                        var (self, dueAt) = ((LocalReminder, DateTime))s!;
                        _ = self.FireAsync(dueAt);
                    }, (this, due), due > now ? due - now : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                }
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                disposed = true;
                timer?.Dispose();
            }
        }

        /// <summary>The first tick at or after now: StartAt, StartAt + Period, ... (ticks missed while no silo ran are skipped).</summary>
        DateTime NextDue(DateTime after)
        {
            if (after <= Entry.StartAt)
            {
                return Entry.StartAt;
            }

            var periods = (long)Math.Ceiling((after - Entry.StartAt).Ticks / (double)Entry.Period.Ticks);
            return Entry.StartAt + TimeSpan.FromTicks(Entry.Period.Ticks * periods);
        }

        async Task FireAsync(DateTime dueAt)
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }
            }

            await service.TickAsync(this, dueAt).ConfigureAwait(false);

            // A tick that ran longer than a period skips to the next boundary rather than firing a backlog.
            ArmNext(dueAt);
        }
    }
}
