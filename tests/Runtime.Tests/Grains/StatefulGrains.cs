using System.Collections.Concurrent;
using BigDL.Orleans.Reminders;
using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Runtime.Tests.Grains;

public sealed class TrainingProgress
{
    public int Epoch { get; set; }

    public List<double> Losses { get; set; } = [];
}

public interface IProgressGrain : IGrainWithStringKey
{
    Task RecordEpoch(double loss);

    Task<TrainingProgress> Get();

    Task<string?> GetETag();

    Task Clear();
}

public class ProgressGrain([PersistentState("progress")] IPersistentState<TrainingProgress> progress) : Grain, IProgressGrain
{
    public async Task RecordEpoch(double loss)
    {
        progress.State.Epoch++;
        progress.State.Losses.Add(loss);
        await progress.WriteStateAsync();
    }

    public Task<TrainingProgress> Get() => Task.FromResult(progress.State);

    public Task<string?> GetETag() => Task.FromResult(progress.Etag);

    public Task Clear() => progress.ClearStateAsync();
}

/// <summary>Records reminder ticks per grain id in the test process, so a new silo's ticks can be observed.</summary>
public static class ReminderLog
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<(string Name, DateTime At)>> Ticks = new();

    public static int Count(GrainId id) => Ticks.TryGetValue(id.ToString(), out var q) ? q.Count : 0;
}

public interface IReminderGrain : IGrainWithStringKey, IRemindable
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task Unregister(string name);

    Task<IReadOnlyList<string>> List();
}

public class ReminderGrain : Grain, IReminderGrain
{
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderLog.Ticks.GetOrAdd(GrainId.ToString(), _ => new()).Enqueue((reminderName, status.CurrentTickTime));
        return Task.CompletedTask;
    }

    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Unregister(string name)
    {
        var reminder = await GetReminder(name) ?? throw new InvalidOperationException($"no reminder {name}");
        await UnregisterReminder(reminder);
    }

    public async Task<IReadOnlyList<string>> List() => [.. (await GetReminders()).Select(r => r.ReminderName)];
}

public interface IChatObserver : IGrainObserver
{
    Task OnMessage(string text);
}

public interface IChatRoomGrain : IGrainWithStringKey
{
    Task Subscribe(IChatObserver observer);

    Task Publish(string text);
}

public class ChatRoomGrain : Grain, IChatRoomGrain
{
    readonly List<IChatObserver> observers = [];

    public Task Subscribe(IChatObserver observer)
    {
        observers.Add(observer);
        return Task.CompletedTask;
    }

    public async Task Publish(string text)
    {
        foreach (var observer in observers)
        {
            await observer.OnMessage(text);
        }
    }
}

public interface INewsGrain : IGrainWithStringKey
{
    Task Subscribe(IChatObserver observer);

    Task<int> Publish(string text);
}

public class NewsGrain : Grain, INewsGrain
{
    readonly Utilities.ObserverManager<IChatObserver> subscribers =
        new(TimeSpan.FromMinutes(5), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public Task Subscribe(IChatObserver observer)
    {
        subscribers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<int> Publish(string text)
    {
        await subscribers.Notify(o => o.OnMessage(text));
        return subscribers.Count;
    }
}

/// <summary>Records which silo ticked each reminder, to check ring-range ownership.</summary>
public static class RangedReminderLog
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> SilosByGrain = new();
}

public interface IRangedReminderGrain : IGrainWithStringKey, IRemindable
{
    Task Register(TimeSpan period);
}

public class RangedReminderGrain(Microsoft.Extensions.Options.IOptions<BigDL.Orleans.Hosting.SiloOptions> silo) : Grain, IRangedReminderGrain
{
    public Task Register(TimeSpan period) => RegisterOrUpdateReminder("tick", TimeSpan.Zero, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        RangedReminderLog.SilosByGrain.GetOrAdd(GrainId.ToString(), _ => new()).Enqueue(silo.Value.SiloName);
        return Task.CompletedTask;
    }
}
