using Orleans.Placement;

namespace BigDL.Silo.Tests.Grains;

/// <summary>A persisted counter: every acknowledged <see cref="Add"/> is in storage before the caller hears of it.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the stored count and returns the new count with the silo that served the call.</summary>
    Task<(int Count, string Silo)> Add(int amount);

    Task<int> Get();

    /// <summary>Returns the silo this activation runs on.</summary>
    Task<string> Where();

    /// <summary>Waits (on the grain's silo) for <paramref name="milliseconds"/>, then returns the silo.</summary>
    Task<string> Wait(int milliseconds, CancellationToken cancellationToken = default);

    Task<float[]> Echo(float[] data);
}

[GenerateSerializer]
public class CounterState
{
    [Id(0)]
    public int Count { get; set; }
}

// Random placement, so that tests may count on keys spreading over the silos: Orleans' default (resource-optimized)
// puts a burst of new activations on whichever silo reports the lighter load, all 40 on one silo in one CI run.
[RandomPlacement]
public class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<(int Count, string Silo)> Add(int amount)
    {
        var next = state.State.Count + amount;
        state.State.Count = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not acknowledged: the count in memory must not run ahead of storage.
            state.State.Count = next - amount;
            throw;
        }

        return (next, RuntimeIdentity);
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public Task<string> Where() => Task.FromResult(RuntimeIdentity);

    public async Task<string> Wait(int milliseconds, CancellationToken cancellationToken = default)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return RuntimeIdentity;
    }

    public Task<float[]> Echo(float[] data) => Task.FromResult(data);
}
