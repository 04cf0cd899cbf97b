using System.Collections.Concurrent;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Reminders;

/// <summary>Keeps the silo's reminders: stores them in the reminder table and ticks the ones in this silo's ring ranges.</summary>
/// <remarks>
/// The table is the truth: the service loads the rows whose grain hash falls in the ranges this silo owns (the whole
/// ring on a lone silo), so reminders registered before a restart keep firing after it, and when a silo dies the ring
/// gives its ranges to the survivors, which load them. Rows registered through another silo are picked up by the owner
/// on its next refresh. A tick is a grain call to <see cref="IRemindable.ReceiveReminder"/>, which activates the grain if needed.
/// </remarks>
internal sealed partial class ReminderService(
    IReminderTable table, GrainRuntime runtime, IOptions<SiloOptions> options, ILogger<ReminderService> logger) : IAsyncDisposable
{
    readonly ConcurrentDictionary<(GrainId Grain, string Name), LocalReminder> local = new();
    readonly SemaphoreSlim loading = new(1, 1);
    readonly CancellationTokenSource stopping = new();
    volatile IReadOnlyList<(uint Begin, uint End)> ranges = [(0u, 0u)]; // begin == end: the whole ring
    volatile bool stopped;
    Task? refreshLoop;

    /// <summary>Loads the stored reminders of this silo's ranges, starts their timers, and refreshes them periodically.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync().ConfigureAwait(false);
        refreshLoop = RefreshPeriodicallyAsync(options.Value.ReminderRefreshPeriod, stopping.Token);
    }

    /// <summary>Takes the ring ranges this silo now owns: drops reminders outside them and loads the rows inside them.</summary>
    public Task UpdateRangesAsync(IReadOnlyList<(uint Begin, uint End)> ownedRanges)
    {
        ranges = ownedRanges;
        return RefreshAsync();
    }

    /// <summary>Re-reads the owned ranges: starts reminders registered elsewhere, stops those removed or no longer owned.</summary>
    public async Task RefreshAsync()
    {
        await loading.WaitAsync().ConfigureAwait(false);
        try
        {
            var owned = ranges;
            var rows = new List<ReminderEntry>();
            foreach (var (begin, end) in owned)
            {
                rows.AddRange(await table.ReadRowsAsync(begin, end).ConfigureAwait(false));
            }

            var keep = rows.Select(r => (r.GrainId, r.ReminderName)).ToHashSet();
            foreach (var (key, reminder) in local)
            {
                if (!keep.Contains(key) && local.TryRemove(new KeyValuePair<(GrainId, string), LocalReminder>(key, reminder)))
                {
                    reminder.Dispose();
                }
            }

            var started = 0;
            foreach (var row in rows)
            {
                if (!local.TryGetValue((row.GrainId, row.ReminderName), out var existing) || existing.Entry.ETag != row.ETag)
                {
                    Schedule(row);
                    started++;
                }
            }

            if (started > 0)
            {
                LogLoaded(started, owned.Count);
            }
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>Returns whether <paramref name="hash"/> lies in one of <paramref name="owned"/>, each <c>(begin, end]</c>, wrapping when begin ≥ end.</summary>
    internal static bool InRanges(uint hash, IReadOnlyList<(uint Begin, uint End)> owned) =>
        owned.Any(r => r.Begin == r.End || (r.Begin < r.End ? hash > r.Begin && hash <= r.End : hash > r.Begin || hash <= r.End));

    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
        }

        if (refreshLoop is not null)
        {
            await refreshLoop.ConfigureAwait(false);
        }

        stopped = true;
        foreach (var reminder in local.Values)
        {
            reminder.Dispose();
        }

        local.Clear();
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
        if (InRanges(entry.GrainId.GetUniformHashCode(), ranges))
        {
            Schedule(entry with { ETag = eTag });
        }

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

    async Task RefreshPeriodicallyAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await RefreshAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    LogRefreshFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Started {Count} reminders from the reminder table ({Ranges} owned ring ranges)")]
    partial void LogLoaded(int count, int ranges);

    [LoggerMessage(3, LogLevel.Warning, "Reading the reminder table failed; the next refresh retries")]
    partial void LogRefreshFailed(Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Reminder {ReminderName} of {GrainId} failed to tick; it ticks again next period")]
    partial void LogTickFailed(Exception exception, string reminderName, GrainId grainId);

    /// <summary>The local timer of one reminder; ticks are sequential: the next is armed after the previous call returns.</summary>
    sealed class LocalReminder(ReminderService service, ReminderEntry entry) : IDisposable
    {
        static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(7);

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
                    }, (this, due), Delay(due, now), Timeout.InfiniteTimeSpan);
                }
            }
        }

        /// <summary>The timer delay to <paramref name="due"/>, capped: System.Threading.Timer refuses delays over about 49.7 days.</summary>
        static TimeSpan Delay(DateTime due, DateTime now) =>
            due <= now ? TimeSpan.Zero : due - now > MaxTimerDelay ? MaxTimerDelay : due - now;

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

            if (DateTime.UtcNow < dueAt)
            {
                // A capped timer (a due time weeks away) woke early: wait again rather than tick.
                ArmNext();
                return;
            }

            await service.TickAsync(this, dueAt).ConfigureAwait(false);

            // A tick that ran longer than a period skips to the next boundary rather than firing a backlog.
            ArmNext(dueAt);
        }
    }
}
