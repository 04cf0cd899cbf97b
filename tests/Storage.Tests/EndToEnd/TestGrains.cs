using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Storage.Tests.EndToEnd;

/// <summary>A grain whose count lives in the default grain storage.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();
}

/// <summary>A grain that registers a reminder and records where each tick arrived.</summary>
public interface IReminderTestGrain : IGrainWithStringKey
{
    Task Start(TimeSpan due);
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        counter.State.Value++;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Value);
}

public sealed class ReminderTestGrain : Grain, IReminderTestGrain, IRemindable
{
    /// <summary>Gets the silos (by name) on which each grain's reminder ticked; the tests run silos in this process.</summary>
    public static ConcurrentDictionary<string, ConcurrentQueue<string>> Ticks { get; } = new();

    public Task Start(TimeSpan due) => this.RegisterOrUpdateReminder("tick", due, TimeSpan.FromMinutes(1));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.GetOrAdd(this.GetPrimaryKeyString(), _ => new()).Enqueue(ServiceProvider.GetRequiredService<ILocalSiloDetails>().Name);
        return Task.CompletedTask;
    }
}
