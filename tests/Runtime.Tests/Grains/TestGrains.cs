using System.Collections.Concurrent;
using BigDL.Orleans.Concurrency;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Grains;

/// <summary>Counts constructions per grain id, across silos of one test process; tests use unique keys.</summary>
public static class ActivationLog
{
    public static readonly ConcurrentDictionary<string, int> Activations = new();
    public static readonly ConcurrentDictionary<string, int> Deactivations = new();
    public static readonly ConcurrentDictionary<string, DeactivationReasonCode> LastReason = new();

    public static int ActivationsOf(GrainId id) => Activations.GetValueOrDefault(id.ToString());

    public static int DeactivationsOf(GrainId id) => Deactivations.GetValueOrDefault(id.ToString());
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> IncrementSlowly();

    Task<Guid> GetActivationId();

    Task<bool> WasActivatedBeforeFirstCall();

    Task Deactivate();
}

public class CounterGrain : Grain, ICounterGrain
{
    readonly Guid activationId = Guid.NewGuid();
    bool activated;
    int count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ActivationLog.Activations.AddOrUpdate(GrainId.ToString(), 1, (_, n) => n + 1);
        activated = true;
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ActivationLog.Deactivations.AddOrUpdate(GrainId.ToString(), 1, (_, n) => n + 1);
        ActivationLog.LastReason[GrainId.ToString()] = reason.ReasonCode;
        return Task.CompletedTask;
    }

    public Task<int> Increment() => Task.FromResult(++count);

    public async Task<int> IncrementSlowly()
    {
        // A read-modify-write split by awaits: only turn-based execution keeps it exact under concurrent calls.
        var read = count;
        await Task.Yield();
        await Task.Delay(1);
        count = read + 1;
        return count;
    }

    public Task<Guid> GetActivationId() => Task.FromResult(activationId);

    public Task<bool> WasActivatedBeforeFirstCall() => Task.FromResult(activated);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public interface IGuidKeyGrain : IGrainWithGuidKey
{
    Task<Guid> GetKey();
}

public class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ActivationLog.Activations.AddOrUpdate(GrainId.ToString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<Guid> GetKey() => Task.FromResult(this.GetPrimaryKey());
}

public interface IIntegerKeyGrain : IGrainWithIntegerKey
{
    Task<long> GetKey();
}

public class IntegerKeyGrain : Grain, IIntegerKeyGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ActivationLog.Activations.AddOrUpdate(GrainId.ToString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task<long> GetKey() => Task.FromResult(this.GetPrimaryKeyLong());
}

/// <summary>Records when each turn starts and ends, to check that turns never overlap.</summary>
public interface ITurnRecorderGrain : IGrainWithStringKey
{
    Task Work(int id, int delayMs);

    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetEvents();

    Task<int> StartTimer(int periodMs, int tickWorkMs);

    [AlwaysInterleave]
    Task<int> OverlapCount();

    [AlwaysInterleave]
    Task<int> TickCount();
}

public class TurnRecorderGrain : Grain, ITurnRecorderGrain
{
    readonly List<string> events = [];
    int inTurn;
    int overlaps;
    int ticks;

    public async Task Work(int id, int delayMs)
    {
        Enter();
        events.Add($"start {id}");
        await Task.Delay(delayMs);
        await Task.Yield();
        events.Add($"end {id}");
        Leave();
    }

    public Task<IReadOnlyList<string>> GetEvents() => Task.FromResult<IReadOnlyList<string>>([.. events]);

    public Task<int> StartTimer(int periodMs, int tickWorkMs)
    {
        RegisterGrainTimer(async ct =>
        {
            Enter();
            ticks++;
            await Task.Delay(tickWorkMs, ct);
            Leave();
        }, TimeSpan.FromMilliseconds(periodMs), TimeSpan.FromMilliseconds(periodMs));
        return Task.FromResult(0);
    }

    public Task<int> OverlapCount() => Task.FromResult(overlaps);

    public Task<int> TickCount() => Task.FromResult(ticks);

    void Enter()
    {
        if (Interlocked.Increment(ref inTurn) > 1)
        {
            Interlocked.Increment(ref overlaps);
        }
    }

    void Leave() => Interlocked.Decrement(ref inTurn);
}

/// <summary>A grain whose calls wait on a gate that another call opens: only interleaving lets the second call in.</summary>
public interface IGateGrain : IGrainWithStringKey
{
    Task WaitForGate();

    Task OpenGate();

    [AlwaysInterleave]
    Task OpenGateInterleaved();

    [AlwaysInterleave]
    Task WaitForGateInterleaved();

    /// <summary>Starts a one-shot interleaving timer whose tick waits for the gate; returns once the tick is waiting.</summary>
    Task StartInterleavingTimerWaitingForGate();

    [AlwaysInterleave]
    Task<bool> TimerTickFinished();
}

public abstract class GateGrainBase : Grain
{
    TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitForGate() => gate.Task;

    public Task OpenGate()
    {
        gate.TrySetResult();
        return Task.CompletedTask;
    }

}

public class GateGrain : GateGrainBase, IGateGrain
{
    bool tickFinished;

    public Task OpenGateInterleaved() => OpenGate();

    public Task WaitForGateInterleaved() => WaitForGate();

    public Task StartInterleavingTimerWaitingForGate()
    {
        var tickWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RegisterGrainTimer(
            async _ =>
            {
                tickWaiting.TrySetResult();
                await WaitForGate();
                tickFinished = true;
            },
            new BigDL.Orleans.Timers.GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true });
        return tickWaiting.Task;
    }

    public Task<bool> TimerTickFinished() => Task.FromResult(tickFinished);
}

[Reentrant]
public class ReentrantGateGrain : GateGrainBase, IReentrantGateGrain;

public interface IReentrantGateGrain : IGrainWithStringKey
{
    Task WaitForGate();

    Task OpenGate();
}

/// <summary>Grains that call each other, to make call cycles.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<string> Ping(string next, int hopsLeft);
}

public class PingGrain : Grain, IPingGrain
{
    public async Task<string> Ping(string next, int hopsLeft)
    {
        if (hopsLeft == 0)
        {
            return this.GetPrimaryKeyString();
        }

        var nextGrain = GrainFactory.GetGrain<IPingGrain>(next);
        return await nextGrain.Ping(this.GetPrimaryKeyString(), hopsLeft - 1);
    }
}

[Reentrant]
public class ReentrantPingGrain : Grain, IReentrantPingGrain
{
    public async Task<string> Ping(string next, int hopsLeft)
    {
        if (hopsLeft == 0)
        {
            return this.GetPrimaryKeyString();
        }

        return await GrainFactory.GetGrain<IReentrantPingGrain>(next).Ping(this.GetPrimaryKeyString(), hopsLeft - 1);
    }
}

public interface IReentrantPingGrain : IGrainWithStringKey
{
    Task<string> Ping(string next, int hopsLeft);
}

public sealed class CustomGrainException(string message) : Exception(message);

/// <summary>Exceptions, timeouts, cancellation, isolation, one-way calls.</summary>
public interface IBehaviourGrain : IGrainWithStringKey
{
    Task Throw(string message);

    Task ThrowCustom(string message);

    Task Hang();

    [ResponseTimeout("00:00:00.200")]
    Task HangWithShortTimeout();

    Task<bool> WaitForCancellation(CancellationToken cancellationToken);

    [AlwaysInterleave]
    Task<bool> SawCancellation();

    [AlwaysInterleave]
    Task<bool> IsWaitingForCancellation();

    Task Store(List<int> values);

    Task<List<int>> GetStored();

    Task<bool> IsSameArray(Immutable<float[]> payload);

    Task KeepArray(Immutable<float[]> payload);

    [OneWay]
    Task FireAndForget(int delayMs);

    [AlwaysInterleave]
    Task<int> FireAndForgetCount();

    Task<int> Echo(int value);

    Task<string?> EchoString(string? value);
}

public class BehaviourGrain : Grain, IBehaviourGrain
{
    List<int> stored = [];
    float[]? kept;
    bool sawCancellation;
    bool waitingForCancellation;
    int fireAndForget;

    public Task Throw(string message) => throw new ArgumentException(message);

    public async Task ThrowCustom(string message)
    {
        await Task.Yield();
        throw new CustomGrainException(message);
    }

    public Task Hang() => new TaskCompletionSource().Task;

    public Task HangWithShortTimeout() => new TaskCompletionSource().Task;

    public async Task<bool> WaitForCancellation(CancellationToken cancellationToken)
    {
        try
        {
            waitingForCancellation = true;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            sawCancellation = true;
            throw;
        }
    }

    public Task<bool> SawCancellation() => Task.FromResult(sawCancellation);

    public Task<bool> IsWaitingForCancellation() => Task.FromResult(waitingForCancellation);

    public Task Store(List<int> values)
    {
        stored = values;
        return Task.CompletedTask;
    }

    public Task<List<int>> GetStored() => Task.FromResult(stored);

    public Task<bool> IsSameArray(Immutable<float[]> payload) => Task.FromResult(ReferenceEquals(payload.Value, kept));

    public Task KeepArray(Immutable<float[]> payload)
    {
        kept = payload.Value;
        return Task.CompletedTask;
    }

    public async Task FireAndForget(int delayMs)
    {
        await Task.Delay(delayMs);
        fireAndForget++;
    }

    public Task<int> FireAndForgetCount() => Task.FromResult(fireAndForget);

    public Task<int> Echo(int value) => Task.FromResult(value);

    public Task<string?> EchoString(string? value) => Task.FromResult(value);
}

public interface IWorkerGrain : IGrainWithIntegerKey
{
    Task<Guid> Work(int delayMs);
}

[StatelessWorker(3)]
public class WorkerGrain : Grain, IWorkerGrain
{
    readonly Guid activationId = Guid.NewGuid();

    public async Task<Guid> Work(int delayMs)
    {
        await Task.Delay(delayMs);
        return activationId;
    }
}

/// <summary>An interface the runtime must refuse: a synchronous method.</summary>
public interface ISynchronousGrain : IGrainWithStringKey
{
    int NotAsync();
}

public class SynchronousGrain : Grain, ISynchronousGrain
{
    public int NotAsync() => 1;
}

/// <summary>A grain whose timer tick runs until its token is cancelled.</summary>
public interface ILongTickGrain : IGrainWithStringKey
{
    Task StartLongTick();

    [AlwaysInterleave]
    Task<bool> IsTicking();
}

public class LongTickGrain : Grain, ILongTickGrain
{
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> TickSawCancellation = new();
    bool ticking;

    public Task StartLongTick()
    {
        RegisterGrainTimer(async ct =>
        {
            ticking = true;
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                TickSawCancellation[GrainId.ToString()] = true;
            }
        }, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public Task<bool> IsTicking() => Task.FromResult(ticking);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ActivationLog.Deactivations.AddOrUpdate(GrainId.ToString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>A grain that, as it deactivates, calls a counter grain that has no activation yet.</summary>
public interface IHandOffGrain : IGrainWithStringKey
{
    Task Start(string successor);
}

public class HandOffGrain : Grain, IHandOffGrain
{
    /// <summary>What the call to the successor did during deactivation, by this grain's id: "ok" or the exception's type name.</summary>
    public static readonly ConcurrentDictionary<string, string> HandOffOutcome = new();

    string? successor;

    public Task Start(string successor)
    {
        this.successor = successor;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await GrainFactory.GetGrain<ICounterGrain>(successor!).Increment();
            HandOffOutcome[GrainId.ToString()] = "ok";
        }
        catch (Exception e)
        {
            HandOffOutcome[GrainId.ToString()] = e.GetType().Name;
        }
    }
}
