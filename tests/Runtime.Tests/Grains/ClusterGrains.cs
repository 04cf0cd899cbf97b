using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Runtime.Tests.Grains;

public interface IWhereGrain : IGrainWithStringKey
{
    /// <summary>Returns the silo this activation runs on.</summary>
    Task<string> WhereAmI();

    /// <summary>Calls another grain and returns the silo that one runs on.</summary>
    Task<string> WhereIsOther(string key);

    /// <summary>Calls another grain that calls this one back (a cycle across silos).</summary>
    Task<string> CallBackThrough(string key);

    Task<float[]> Echo(float[] data);

    Task Fail(string message);
}

public class WhereGrain : Grain, IWhereGrain
{
    public Task<string> WhereAmI() => Task.FromResult(RuntimeIdentity);

    public Task<string> WhereIsOther(string key) => GrainFactory.GetGrain<IWhereGrain>(key).WhereAmI();

    public Task<string> CallBackThrough(string key) => GrainFactory.GetGrain<IWhereGrain>(key).WhereIsOther(this.GetPrimaryKeyString());

    public Task<float[]> Echo(float[] data) => Task.FromResult(data);

    public Task Fail(string message) => throw new ArgumentException(message);
}

public interface ICountingGrain : IGrainWithStringKey
{
    /// <summary>Adds one to the persisted count and returns it with the silo that served the call.</summary>
    Task<(int Count, string Silo)> Increment();

    Task<int> Get();
}

public class CountingState
{
    public int Count { get; set; }
}

public class CountingGrain([PersistentState("count")] IPersistentState<CountingState> state) : Grain, ICountingGrain
{
    public async Task<(int Count, string Silo)> Increment()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return (state.State.Count, RuntimeIdentity);
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);
}

public interface ICancellableGrain : IGrainWithStringKey
{
    Task<string> WhereAmI();

    /// <summary>Waits (at most a minute) until the call's token fires; <see cref="CancellableGrain"/> records both moments.</summary>
    Task Block(CancellationToken cancellationToken);
}

public class CancellableGrain : Grain, ICancellableGrain
{
    /// <summary>Keys whose Block call started (static: the test's silos share this process).</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Started = new();

    /// <summary>Keys whose Block call saw its token fire.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Cancelled = new();

    public Task<string> WhereAmI() => Task.FromResult(RuntimeIdentity);

    public async Task Block(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        Started[key] = true;
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled[key] = true;
            throw;
        }
    }
}

public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>Returns the silo, the grain and an id this activation drew when it was created (a new activation draws another).</summary>
    Task<(string Silo, GrainId Grain, Guid Activation)> Identity();
}

/// <summary>Placed on the calling silo, so a test decides where each activation lives.</summary>
[BigDL.Orleans.Placement.PreferLocalPlacement]
public class IdentityGrain : Grain, IIdentityGrain
{
    readonly Guid activation = Guid.NewGuid();

    public Task<(string Silo, GrainId Grain, Guid Activation)> Identity() => Task.FromResult((RuntimeIdentity, GrainId, activation));
}

public interface IHashPlacedGrain : IGrainWithStringKey
{
    Task<string> WhereAmI();
}

/// <summary>Placed by the hash of its id over the placing silo's view of the cluster, so a test knows where a placement goes.</summary>
[BigDL.Orleans.Placement.HashBasedPlacement]
public class HashPlacedGrain : Grain, IHashPlacedGrain
{
    public Task<string> WhereAmI() => Task.FromResult(RuntimeIdentity);
}
